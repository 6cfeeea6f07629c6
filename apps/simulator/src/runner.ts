import { ApiUnreachable } from './api-client';
import type { SimConfig } from './config';
import type { Simulator } from './simulator';

/** Backing off while the API is down: 1 s, doubling, at most 30 s. */
export const BACKOFF_MIN_MS = 1000;
export const BACKOFF_MAX_MS = 30_000;
/** A tick after a long pause counts at most this much time, so a stalled loop does not come back with a burst. */
const MAX_ELAPSED_MS = 60_000;

export interface StopSignal {
  readonly stopped: boolean;
  /** resolves when stop is requested */
  readonly whenStopped: Promise<void>;
}

export function stopSignal(): StopSignal & { stop(): void } {
  let stop: () => void = () => undefined;
  const whenStopped = new Promise<void>((resolve) => (stop = resolve));
  const signal = {
    stopped: false,
    whenStopped,
    stop() {
      signal.stopped = true;
      stop();
    },
  };
  return signal;
}

export function nextBackoff(current: number): number {
  return Math.min(BACKOFF_MAX_MS, Math.max(BACKOFF_MIN_MS, current * 2));
}

/** Wait `ms` or until stopped. The timer is what keeps the process alive between steps: it must not be unref'd. */
function pause(ms: number, signal: StopSignal): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([new Promise<void>((r) => (timer = setTimeout(r, ms))), signal.whenStopped]).finally(() => clearTimeout(timer));
}

/**
 * The simulator's clock: a step every SIM_TICK_MS, a summary line every SIM_SUMMARY_MS, backing off while the API is
 * unreachable. Returns when `signal` stops it (after the step in progress).
 */
export async function runLoop(sim: Simulator, config: SimConfig, signal: StopSignal, log: (line: string) => void): Promise<void> {
  let last = Date.now();
  let backoff = 0;
  let summaryAt = last + config.summaryMs;
  let periodStart = last;
  while (!signal.stopped) {
    const now = Date.now();
    const elapsed = Math.min(MAX_ELAPSED_MS, now - last);
    last = now;
    try {
      await sim.step(backoff ? 0 : elapsed);
      if (backoff) log('API reachable again; the town carries on');
      backoff = 0;
    } catch (err) {
      if (err instanceof ApiUnreachable) {
        backoff = nextBackoff(backoff);
        log(`API unreachable (${err.message}); trying again in ${Math.round(backoff / 1000)} s`);
      } else {
        // a bug or a surprise from the API: say so and keep the town alive
        log(`step failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (!backoff && Date.now() >= summaryAt) {
      const line = await sim.summary(Date.now() - periodStart).catch((err: Error) => `sim summary unavailable: ${err.message}`);
      log(line);
      periodStart = Date.now();
      summaryAt = periodStart + config.summaryMs;
    }
    await pause(backoff || config.tickMs, signal);
  }
}
