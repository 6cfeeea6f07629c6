import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { waitFor } from './wait-for';

/** The workspace root, from libs/server-testing/src. */
export const WORKSPACE = path.resolve(__dirname, '../../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface ChildApp {
  proc: ChildProcess;
  /** everything the child printed, for assertions and for failure messages */
  output(): string;
  /** graceful stop */
  stop(): Promise<void>;
  /** a crash: SIGKILL, no cleanup */
  kill9(): Promise<void>;
}

function start(script: string, env: Record<string, string>): ChildApp {
  const proc = spawn(process.execPath, [path.join(WORKSPACE, script)], {
    cwd: WORKSPACE,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return {
    proc,
    output: () => out,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5000)))]);
      clearTimeout(timer);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
    async kill9() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}

/** The built API (apps/api/dist) as a child process; resolves once /health answers. */
export async function spawnApi(env: Record<string, string>): Promise<ChildApp & { port: number; url: string }> {
  const port = await freePort();
  const child = start('apps/api/dist/main.js', { ...env, PORT: String(port), HOST: '127.0.0.1' });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.proc.exitCode !== null) throw new Error(`api exited: ${child.output()}`);
      const res = await fetch(`${url}/health`).catch(() => null);
      return res !== null;
    },
    { what: 'the api to listen', timeoutMs: 30_000, intervalMs: 100 },
  ).catch(async (err: Error) => {
    await child.kill9(); // never leave a half-started process behind
    throw new Error(`${err.message}\n${child.output()}`);
  });
  return { ...child, port, url };
}

/** The built worker (apps/worker/dist) as a child process; resolves once it says it is ready. */
export async function spawnWorker(env: Record<string, string>): Promise<ChildApp> {
  const child = start('apps/worker/dist/main.js', env);
  await waitFor(
    async () => {
      if (child.proc.exitCode !== null) throw new Error(`worker exited: ${child.output()}`);
      return /worker ready/.test(child.output());
    },
    { what: 'the worker to be ready', timeoutMs: 30_000, intervalMs: 100 },
  ).catch(async (err: Error) => {
    await child.kill9();
    throw new Error(`${err.message}\n${child.output()}`);
  });
  return child;
}
