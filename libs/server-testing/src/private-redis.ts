import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { freePort } from './processes';
import { waitFor } from './wait-for';

/**
 * A redis-server of its own for one test, on a free port, with no persistence: the test can stop it (Redis is
 * "down") and start it again on the same port (Redis is back, empty). Never touches the shared Redis.
 */
export interface PrivateRedis {
  port: number;
  /** redis://127.0.0.1:<port> */
  url: string;
  running(): boolean;
  /** everything the server printed, for failure messages */
  output(): string;
  /** graceful stop (SIGTERM, then SIGKILL); resolves once the process has exited */
  stop(): Promise<void>;
  /** start again on the same port; resolves once it answers PING */
  start(): Promise<void>;
  /** stop, then start on the same port */
  restart(): Promise<void>;
}

/** Servers still running, killed if the test process exits without stopping them (no orphans). */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const p of live) p.kill('SIGKILL');
  });
}

/** One PING over a raw socket: true on +PONG. */
export function pingRedis(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d: Buffer) => {
      answer += d.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}

export async function startPrivateRedis(opts: { port?: number } = {}): Promise<PrivateRedis> {
  installExitHook();
  const port = opts.port ?? (await freePort());
  let proc: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let out = '';
  const isRunning = () => proc !== null && proc.exitCode === null && proc.signalCode === null;

  const start = async (): Promise<void> => {
    if (isRunning()) return;
    const p = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmpdir(), '--loglevel', 'warning'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    proc = p;
    live.add(p);
    exited = new Promise<void>((resolve) =>
      p.once('exit', () => {
        live.delete(p);
        resolve();
      }),
    );
    p.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    p.once('error', (err) => (out += `spawn failed: ${err.message}\n`));
    await waitFor(
      async () => {
        if (!isRunning()) throw new Error(`redis-server exited: ${out}`);
        return pingRedis(port, 500);
      },
      { what: `the private redis on port ${port} to answer`, timeoutMs: 10_000, intervalMs: 50 },
    );
  };

  const stop = async (): Promise<void> => {
    const p = proc;
    if (!p || !isRunning()) return;
    p.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    await exited;
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    running: isRunning,
    output: () => out,
    stop,
    start,
    async restart() {
      await stop();
      await start();
    },
  };
}
