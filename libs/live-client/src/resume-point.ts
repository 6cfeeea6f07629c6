import type { QueryClient } from '@tanstack/query-core';

const SEQ = /^\d{1,18}$/;

/** The seq an answer was taken at (contracts `TakenAtSeq`), when the cached data is such an answer. */
export function takenAtSeq(data: unknown): bigint | null {
  const seq = typeof data === 'object' && data !== null ? (data as { seq?: unknown }).seq : undefined;
  return typeof seq === 'string' && SEQ.test(seq) ? BigInt(seq) : null;
}

/**
 * Where a reconnecting screen must resume from: after the last event it applied, or — before any event arrived —
 * after the oldest snapshot it shows (each holds everything up to its seq, so the oldest one bounds what may be
 * missing). null: nothing to resume from (no event, no snapshot with a seq), so everything must be refetched.
 */
export function resumePoint(lastSeq: bigint | null, qc: QueryClient): bigint | null {
  if (lastSeq !== null) return lastSeq;
  let oldest: bigint | null = null;
  for (const q of qc.getQueryCache().getAll()) {
    const seq = q.state.status === 'success' ? takenAtSeq(q.state.data) : null;
    if (seq !== null && (oldest === null || seq < oldest)) oldest = seq;
  }
  return oldest;
}
