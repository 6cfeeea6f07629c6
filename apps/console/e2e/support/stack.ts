import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';

/**
 * The whole product as a user runs it (`npm start` without the build): api + worker + the built console on one port,
 * on a database and Redis prefix of its own so browser tests never touch anyone's data.
 */
export interface Stack {
  url: string;
  databaseUrl: string;
  /** what the api and worker printed so far (for a failing test's message) */
  output(): string;
  stop(): Promise<void>;
}

const root = path.resolve(__dirname, '../../../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function dropDatabase(name: string): Promise<void> {
  const pg = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await pg.connect();
  try {
    await pg.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await pg.end();
  }
}

export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const port = await freePort();
  const db = `gridops_e2e_${process.pid}_${port}`;
  // as `npm start` runs by default: migrations as the superuser, the api and worker as the app role
  const migrationUrl = `postgres://postgres@127.0.0.1:5432/${db}`;
  const databaseUrl = `postgres://gridops_app@127.0.0.1:5432/${db}`;
  await dropDatabase(db);
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'scripts/start.mjs'), '--no-build'], {
    cwd: root,
    // NODE_ENV as `npm start` has it (jest sets it to `test`); no month of demo history: the scenarios count their own cases
    env: { ...process.env, NODE_ENV: 'development', PORT: String(port), MIGRATION_DATABASE_URL: migrationUrl, DATABASE_URL: databaseUrl, REDIS_PREFIX: `e2e${port}`, DEMO: 'true', SIM: 'off', DEMO_HISTORY_DAYS: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;

  /** the whole process group: start.mjs, the api and the worker */
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  };
  const groupAlive = () => {
    try {
      if (child.pid) process.kill(-child.pid, 0);
      return !!child.pid;
    } catch {
      return false;
    }
  };
  /** SIGTERM (start.mjs passes it on and the api and worker shut down cleanly), SIGKILL what is left after 8 s */
  const stop = async () => {
    killGroup('SIGTERM');
    const until = Date.now() + 8000;
    while (groupAlive() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    if (groupAlive()) killGroup('SIGKILL');
    await dropDatabase(db).catch(() => undefined);
  };

  const deadline = Date.now() + 90_000;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the stack exited (${child.exitCode}):\n${output.slice(-4000)}`);
      const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
      if (ok && /worker ready/.test(output)) break;
      if (Date.now() > deadline) throw new Error(`the stack did not become healthy:\n${output.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, databaseUrl, output: () => output, stop };
}
