import type { QueueStats } from '@gridops/contracts';

export type QueueTone = 'ok' | 'busy' | 'failed' | 'paused';

/** A queue with waiting work past this is "busy" (yellow): the pipeline is falling behind. */
export const BUSY_WAITING = 100;

/** A queue's state (the admin screen's queue table; the wall board folds them into one light). Red as soon as one job failed (someone must look), grey when paused, yellow when a backlog builds. */
export function queueTone(q: QueueStats): QueueTone {
  if (q.failed > 0) return 'failed';
  if (q.paused) return 'paused';
  if (q.waiting >= BUSY_WAITING) return 'busy';
  return 'ok';
}

/** The whole pipeline in one word for the wall: ok while every queue is, degraded as soon as one is not. */
export function pipelineHealth(queues: readonly QueueStats[]): 'ok' | 'degraded' {
  return queues.every((q) => queueTone(q) === 'ok') ? 'ok' : 'degraded';
}
