import type { CaseState } from '@gridops/domain';
import { hashUnit } from './random';

/**
 * How long the person whose turn it is takes over each step, in seconds at SIM_SPEED=1: long enough to watch a case
 * move on the board, short enough that a case typically closes within a few minutes (a citizen report ≈ 4–5 min,
 * a patrol report ≈ 2–3 min). Steps the pipeline normally takes (dispatch, send-check) get a longer wait: the desk
 * steps in by hand only when the pipeline could not place the case.
 */
export const STEP_SECONDS: Partial<Record<CaseState, readonly [number, number]>> = {
  REPORTED: [15, 45], // the desk reads the report
  PENDING_VERIFY: [30, 80], // a grid worker walks there
  PENDING_FILE: [15, 40], // the shift lead files
  PENDING_DISPATCH: [60, 120], // only when the pipeline held it
  DISPATCHED: [10, 40], // accept
  IN_PROGRESS: [40, 100], // the fix
  REWORK: [30, 80],
  EXTENSION_REQUESTED: [20, 60],
  RETURN_REQUESTED: [20, 60],
  SUSPEND_REQUESTED: [20, 60],
  SUSPENDED: [120, 300],
  HANDLED: [60, 120], // only when the pipeline found no checker
  SELF_DISPOSED: [60, 120],
  PENDING_CHECK: [20, 60],
  PENDING_CLOSE: [20, 50], // categories that do not close by themselves
  CLOSED: [30, 120], // the callback (回访)
};
const DEFAULT_SECONDS: readonly [number, number] = [30, 90];

/** A step someone lets slide (the board's yellow and red): 12–45 minutes at SIM_SPEED=1. */
export const NEGLECT_SECONDS: readonly [number, number] = [12 * 60, 45 * 60];

/**
 * Milliseconds from the case's last change until its next step is taken. Derived from a hash of the case id and
 * version, so every tick computes the same answer for the same step and nothing is remembered per case; the
 * next version is a new step with a new delay.
 */
export function stepDelayMs(caseId: string, version: number, state: CaseState, speed: number, neglect: number): number {
  const key = `${caseId}:${version}`;
  const neglected = hashUnit(`${key}:neglect`) < neglect;
  const [min, max] = neglected ? NEGLECT_SECONDS : (STEP_SECONDS[state] ?? DEFAULT_SECONDS);
  return Math.round(((min + (max - min) * hashUnit(key)) * 1000) / speed);
}

/** Up to this much later for one person than another: two grid workers who may both verify a case don't collide. */
export const PERSONAL_SECONDS = 10;

/**
 * Whether the step is due for this person: enough time has passed since the case last changed. `who` adds a small
 * personal offset, so when several people may take the same step the first one usually has it done before the
 * next one looks (the loser's 409 is harmless, just noise).
 */
export function isDue(c: { id: string; version: number; state: CaseState; updatedAt: string }, now: Date, speed: number, neglect: number, who = ''): boolean {
  const changedAt = Date.parse(c.updatedAt);
  if (Number.isNaN(changedAt)) return true;
  const personal = who ? Math.round((hashUnit(`${who}:${c.id}:${c.version}`) * PERSONAL_SECONDS * 1000) / speed) : 0;
  return now.getTime() - changedAt >= stepDelayMs(c.id, c.version, c.state, speed, neglect) + personal;
}
