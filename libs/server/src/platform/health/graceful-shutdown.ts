import type { INestApplicationContext } from '@nestjs/common';
import { ShutdownState } from './shutdown-state';

export interface GracefulShutdownOptions {
  /** `api` or `worker`, for the log lines */
  name: string;
  /** after this long the process exits anyway, with code 1 */
  timeoutMs: number;
  /** api: stop accepting and wait for the requests in flight; runs after the drainers have started */
  stopServing?: () => Promise<void>;
  /** run after everything else is closed (the worker's health server) */
  finally?: () => Promise<void>;
}

/**
 * SIGTERM/SIGINT: turn not-ready at once (`/health/ready` → 503 `draining`), stop taking work, finish what is in
 * hand, close the Nest app (pool, Redis, sockets) and exit 0 — all within `timeoutMs`, or exit 1 when that runs out.
 * A second SIGINT (Ctrl-C twice) exits at once. Replaces Nest's `enableShutdownHooks`, which re-raises the signal
 * (no clean exit code) and closes the pool before the HTTP server has let its requests finish.
 */
export function gracefulShutdown(app: INestApplicationContext, opts: GracefulShutdownOptions): void {
  const state = app.get(ShutdownState);
  let shutting = false;
  const write = (line: string) => process.stdout.write(`gridops ${opts.name}: ${line}\n`);

  const onSignal = (signal: NodeJS.Signals) => {
    if (shutting) {
      if (signal === 'SIGINT') {
        write('second SIGINT: exiting now');
        process.exit(1);
      }
      return;
    }
    shutting = true;
    const t0 = Date.now();
    write(`${signal}: draining (at most ${opts.timeoutMs} ms)`);
    const deadline = setTimeout(() => {
      write(`shutdown did not finish within ${opts.timeoutMs} ms: exiting anyway`);
      process.exit(1);
    }, opts.timeoutMs);

    const drained = state.drain();
    void Promise.all([drained, opts.stopServing?.()])
      .then(() => app.close())
      .then(() => opts.finally?.())
      .then(
        () => {
          clearTimeout(deadline);
          write(`drained and closed in ${Date.now() - t0} ms`);
          process.exit(0);
        },
        (err: unknown) => {
          write(`shutdown failed: ${(err as Error).message}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
