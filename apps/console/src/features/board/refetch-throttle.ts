/**
 * When to refetch the board figures after a live event (no polling): wait `settleMs` so a burst of events costs one
 * request, and never refetch sooner than `minIntervalMs` after the last one — a busy town sends events all the time,
 * and the figures are aggregates that need not be sub-second.
 */
export function refetchDelay(now: number, lastFetchAt: number, opts: { minIntervalMs: number; settleMs: number }): number {
  return Math.max(opts.settleMs, lastFetchAt + opts.minIntervalMs - now);
}

export const BOARD_REFETCH = { minIntervalMs: 10_000, settleMs: 1_500 } as const;
