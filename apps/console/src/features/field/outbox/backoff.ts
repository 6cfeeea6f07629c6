/**
 * Retry delays for queued submissions: exponential from `baseMs`, capped at `maxMs`, with "equal jitter" (half fixed,
 * half random) so phones coming back online together don't retry in lockstep.
 */
export const BACKOFF = { baseMs: 2_000, maxMs: 5 * 60_000 } as const;

export function backoffDelay(attempts: number, random: () => number = Math.random, opts: { baseMs: number; maxMs: number } = BACKOFF): number {
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}
