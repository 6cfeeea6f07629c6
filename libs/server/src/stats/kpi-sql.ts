import { HANDLING_CLOCK_STATES } from '@gridops/domain';
import { lightIsSql } from '../cases/case-filters';
import { openCaseSql, sqlStateList } from '../cases/case-state-sql';
import { ROLLUP_MEASURES, type RollupMeasure } from '../cases/kpi-measures';

/**
 * The board's live-state figures as SQL on a `cases` row aliased `c`, and the helpers that count the period
 * measures (cases/kpi-measures.ts is the one home of what a period figure counts).
 */

/** Must read exactly like the partial indexes' predicate (idx_cases_open_*), so the planner can use them. */
export const OPEN = openCaseSql('c');
/** 待受理/待核实/待立案/待派遣 */
export const AWAITING = `c.state IN ('REPORTED', 'PENDING_VERIFY', 'PENDING_FILE', 'PENDING_DISPATCH')`;
/** dispatched or self-disposed and not yet closed, not suspended */
export const IN_PROGRESS = `c.state IN ('DISPATCHED', 'IN_PROGRESS', 'RETURN_REQUESTED', 'EXTENSION_REQUESTED', 'SUSPEND_REQUESTED', 'REWORK', 'HANDLED', 'SELF_DISPOSED', 'PENDING_CHECK', 'PENDING_CLOSE')`;
/** the fix is being made: the handling clock runs */
export const HANDLING = `c.state IN (${sqlStateList(HANDLING_CLOCK_STATES)})`;

/** Live state of open cases at `now`. */
export function snapshotConditions(now: string): Record<string, string> {
  return {
    open: OPEN,
    awaiting: AWAITING,
    in_progress: IN_PROGRESS,
    near_due: `${OPEN} AND ${lightIsSql('yellow', 'c', now)}`,
    overdue: `${OPEN} AND ${lightIsSql('red', 'c', now)}`,
    supervised: `${OPEN} AND c.supervised`,
    suspended: `c.state = 'SUSPENDED'`,
  };
}

/** `count(*) FILTER (WHERE …) AS prefix_name` for each condition. */
export function countColumns(conditions: Record<string, string>, prefix = ''): string {
  return Object.entries(conditions)
    .map(([name, where]) => `count(*) FILTER (WHERE ${where})::int AS ${prefix}${name}`)
    .join(',\n       ');
}

/**
 * The rows a measure in [since, dueBefore) can come from: a milestone since `since` (the milestone indexes), or an
 * open case dispatched or accepted since then or whose deadline passed in the window (the open set's milestones, one
 * small partial index), or a void case dispatched or accepted since then (it has no closing instant; two small partial
 * indexes). A closed case's deadline-based measures fall on or before its fix or close; an open case's deadline
 * counts once passed, so one still ahead adds nothing to the window. Keeps the scan to the working set however much
 * history the table holds — and the open set's other cases (long 挂账, deadlines ahead) out of the aggregate.
 * Without `dueBefore` (a replayed pass over several windows) every open case due since `since` is read.
 */
export function touchedSince(since: string, dueBefore?: string): string {
  const due = dueBefore ? `(c.handling_due_at >= ${since} AND c.handling_due_at < ${dueBefore})` : `c.handling_due_at >= ${since}`;
  return `(c.reported_at >= ${since} OR c.filed_at >= ${since} OR c.handled_at >= ${since} OR c.closed_at >= ${since}
           OR (${OPEN} AND ${due}) OR (${OPEN} AND c.dispatched_at >= ${since}) OR (${OPEN} AND c.accepted_at >= ${since})
           OR (c.state = 'VOID' AND (c.dispatched_at >= ${since} OR c.accepted_at >= ${since})))`;
}

/** Period figures as numbers, keyed by measure (and the returns beside them). */
export type PeriodCounts = Record<RollupMeasure, number>;

export interface SnapshotCounts {
  open: number;
  awaiting: number;
  in_progress: number;
  near_due: number;
  overdue: number;
  supervised: number;
  suspended: number;
}

export function readCounts<T extends object>(row: Record<string, unknown>, template: T, prefix = ''): T {
  const out = {} as Record<string, number>;
  for (const key of Object.keys(template)) out[key] = Number(row[`${prefix}${key}`] ?? 0);
  return out as T;
}

export const EMPTY_PERIOD: PeriodCounts = Object.fromEntries(ROLLUP_MEASURES.map((n) => [n, 0])) as PeriodCounts;
export const EMPTY_SNAPSHOT: SnapshotCounts = { open: 0, awaiting: 0, in_progress: 0, near_due: 0, overdue: 0, supervised: 0, suspended: 0 };

export function addCounts<T extends object>(a: T, b: T): T {
  const out = { ...a } as Record<string, number>;
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + (v as number);
  return out as T;
}
