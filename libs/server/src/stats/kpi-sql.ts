import { HANDLING_CLOCK_STATES } from '@gridops/domain';
import { lightIsSql } from '../cases/case-filters';
import { openCaseSql, sqlStateList } from '../cases/case-state-sql';

/**
 * The KPI definitions of docs/kpis.md as SQL conditions on a `cases` row aliased `c`, so the board and analytics
 * count the same way. Each period is [from, to); `dueBefore` is min(to, now) — a deadline counts as missed only once
 * it has passed.
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

export interface PeriodParams {
  from: string;
  to: string;
  dueBefore: string;
}

const inPeriod = (column: string, { from, to }: PeriodParams) => `(c.${column} >= ${from} AND c.${column} < ${to})`;

/** Counts of one period, keyed by a short name (the SQL column is `<prefix>_<name>`). */
export function periodConditions(p: PeriodParams): Record<string, string> {
  const handled = `${inPeriod('handled_at', p)} AND c.state <> 'VOID'`;
  // 应结案数: handled in the period, or the handling deadline passed and the fix is still not reported;
  // suspended (挂账) and void cases are outside the base
  const due = `c.state NOT IN ('SUSPENDED', 'VOID') AND (${inPeriod('handled_at', p)} OR (${HANDLING} AND c.handling_due_at <= ${p.dueBefore}))`;
  const closedInPeriod = `c.state = 'CLOSED' AND ${inPeriod('closed_at', p)}`;
  return {
    new: inPeriod('reported_at', p),
    filed: inPeriod('filed_at', p),
    closed: closedInPeriod,
    handled,
    reworked: `${handled} AND c.rework_count > 0`,
    due,
    due_closed: `${due} AND c.state = 'CLOSED'`,
    due_on_time: `${due} AND c.state = 'CLOSED' AND (c.handling_due_at IS NULL OR c.handled_at <= c.handling_due_at)`,
    due_extended: `${due} AND c.extension_count > 0`,
    gr_base: `((${closedInPeriod}) OR (${OPEN} AND c.escalated_to_district AND ${inPeriod('reported_at', p)}))`,
    gr_solved: `${closedInPeriod} AND NOT c.escalated_to_district`,
    became_overdue: `c.handling_due_at >= ${p.from} AND c.handling_due_at < ${p.dueBefore} AND c.state NOT IN ('VOID', 'SUSPENDED') AND (${HANDLING} OR c.handled_at > c.handling_due_at)`,
  };
}

/** `count(*) FILTER (WHERE …) AS prefix_name` for each condition. */
export function countColumns(conditions: Record<string, string>, prefix = ''): string {
  return Object.entries(conditions)
    .map(([name, where]) => `count(*) FILTER (WHERE ${where})::int AS ${prefix}${name}`)
    .join(',\n       ');
}

/**
 * The rows any period count can come from: open cases (partial index) or a milestone since `since` (the milestone
 * indexes). Keeps the scan to the working set however much history the table holds.
 */
export function touchedSince(since: string): string {
  return `(${OPEN} OR c.reported_at >= ${since} OR c.filed_at >= ${since} OR c.handled_at >= ${since} OR c.closed_at >= ${since})`;
}

/** Period counts as numbers, read back from a row with `<prefix>_<name>` columns. */
export interface PeriodCounts {
  new: number;
  filed: number;
  closed: number;
  handled: number;
  reworked: number;
  due: number;
  due_closed: number;
  due_on_time: number;
  due_extended: number;
  gr_base: number;
  gr_solved: number;
  became_overdue: number;
}

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

export const EMPTY_PERIOD: PeriodCounts = {
  new: 0, filed: 0, closed: 0, handled: 0, reworked: 0, due: 0, due_closed: 0, due_on_time: 0, due_extended: 0, gr_base: 0, gr_solved: 0, became_overdue: 0,
};
export const EMPTY_SNAPSHOT: SnapshotCounts = { open: 0, awaiting: 0, in_progress: 0, near_due: 0, overdue: 0, supervised: 0, suspended: 0 };

export function addCounts<T extends object>(a: T, b: T): T {
  const out = { ...a } as Record<string, number>;
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + (v as number);
  return out as T;
}
