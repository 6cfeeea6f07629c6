import { Injectable, Logger } from '@nestjs/common';

/** A step of the drain: stop taking new work and finish what is in hand (resolves when done). */
export type Drainer = () => Promise<void>;

/**
 * Whether this process is shutting down, and what must finish first. Once `draining`, `/health/ready` answers 503
 * `draining`; `drain()` runs every registered drainer (the worker's queue consumers, the outbox relay, the api's
 * sockets) in parallel and resolves when all are done. Bounding the time is `gracefulShutdown`'s job.
 */
@Injectable()
export class ShutdownState {
  private readonly logger = new Logger('shutdown');
  private readonly drainers = new Map<string, Drainer>();
  private started: Promise<void> | null = null;

  get draining(): boolean {
    return this.started !== null;
  }

  /** Register what must finish before the process may close its connections. */
  onDrain(name: string, drainer: Drainer): void {
    this.drainers.set(name, drainer);
  }

  /** Turn not-ready and drain; calling again returns the same drain. */
  drain(): Promise<void> {
    this.started ??= Promise.all(
      [...this.drainers].map(async ([name, run]) => {
        const t0 = Date.now();
        try {
          await run();
          this.logger.log(`${name} drained in ${Date.now() - t0} ms`);
        } catch (err) {
          this.logger.warn(`${name} failed to drain: ${(err as Error).message}`);
        }
      }),
    ).then(() => undefined);
    return this.started;
  }
}
