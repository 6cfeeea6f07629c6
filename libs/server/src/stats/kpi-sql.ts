import { HANDLING_CLOCK_STATES, TOWN_UTC_OFFSET_MINUTES } from '@gridops/domain';
import { lightIsSql } from '../cases/case-filters';
import { openCaseSql, sqlStateList } from '../cases/case-state-sql';

/**
 * The KPI definitions of docs/kpis.md as SQL on a `cases` row aliased `c` — the one home of what is counted. Every
 * period figure is a *measure*: the case adds `value` (1, or minutes) to the period its instant `at` falls in, when
 * `when` holds. The board and analytics read measures from the day rollups (kpi-rollups.ts, which build them from
 * these definitions) and from the cases of today, live; both come from this table, so they cannot disagree.
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

/** A figure of a period: the case counts `value` (default 1) in the period holding `at`, when `when` holds. */
export interface Measure {
  at: string;
  when: string;
  value?: string;
}

const CLOSED = `c.state = 'CLOSED'`;
const NOT_VOID = `c.state <> 'VOID'`;
/**
 * 应结案 (the base of 按期结案率 and 结案率): a case enters it when it closes or when its handling deadline passes,
 * whichever comes first — a case still inside its limit, fixed and waiting for its check or not, is not yet due.
 * Suspended (挂账) and void cases are outside it.
 */
const IN_BASE = `c.state NOT IN ('SUSPENDED', 'VOID')`;
/** LEAST skips NULLs: a case closed without a handling deadline (self-disposed) enters when it closes. */
const BASE_AT = `CASE WHEN c.state = 'CLOSED' THEN LEAST(c.closed_at, c.handling_due_at) ELSE c.handling_due_at END`;
/**
 * On time (按期): the fix was reported by the (possibly extended) handling deadline and is not being redone; a
 * closed case without a handling deadline (self-disposed) is on time.
 */
const ON_TIME = `((${CLOSED} AND c.handling_due_at IS NULL) OR (c.handled_at <= c.handling_due_at AND NOT ${HANDLING}))`;
const BECAME_OVERDUE = `c.state NOT IN ('VOID', 'SUSPENDED') AND (${HANDLING} OR c.handled_at > c.handling_due_at)`;
const minutes = (a: string, b: string) => `extract(epoch FROM c.${a} - c.${b}) / 60`;

/** Every period figure (docs/kpis.md). The keys are the rollup table's columns (migration KpiRollups). */
export const MEASURES = {
  /** 新增: reports received, every source, void ones included */
  new: { at: 'c.reported_at', when: 'TRUE' },
  /** 立案 */
  filed: { at: 'c.filed_at', when: 'TRUE' },
  /** 结案 (a case reopened by a dissatisfied callback is not closed) */
  closed: { at: 'c.closed_at', when: CLOSED },
  /** 处置: fixes reported (the latest fix of a case) */
  handled: { at: 'c.handled_at', when: NOT_VOID },
  reworked: { at: 'c.handled_at', when: `${NOT_VOID} AND c.rework_count > 0` },
  /** 应结案数 */
  due: { at: BASE_AT, when: IN_BASE },
  due_closed: { at: BASE_AT, when: `${IN_BASE} AND ${CLOSED}` },
  due_on_time: { at: BASE_AT, when: `${IN_BASE} AND ${ON_TIME}` },
  due_extended: { at: BASE_AT, when: `${IN_BASE} AND c.extension_count > 0` },
  /** 基层解决率's base: closed, or open and escalated (counted on its report) */
  gr_base: { at: `CASE WHEN ${CLOSED} THEN c.closed_at WHEN ${OPEN} AND c.escalated_to_district THEN c.reported_at END`, when: 'TRUE' },
  gr_solved: { at: 'c.closed_at', when: `${CLOSED} AND NOT c.escalated_to_district` },
  /** 新增超期 */
  became_overdue: { at: 'c.handling_due_at', when: BECAME_OVERDUE },
  // analytics
  dispatched: { at: 'c.dispatched_at', when: 'TRUE' },
  voided: { at: 'c.reported_at', when: `c.state = 'VOID'` },
  /** self-disposed (自处置) cases are the only ones handled without ever being dispatched */
  self_closed: { at: 'c.filed_at', when: `c.dispatched_at IS NULL AND c.handled_at IS NOT NULL AND ${CLOSED}` },
  filed_closed: { at: 'c.filed_at', when: CLOSED },
  overdue_open: { at: 'c.handling_due_at', when: `${BECAME_OVERDUE} AND ${HANDLING}` },
  open_now: { at: 'c.reported_at', when: OPEN },
  suspended_now: { at: 'c.reported_at', when: `c.state = 'SUSPENDED'` },
  escalated: { at: 'c.reported_at', when: 'c.escalated_to_district' },
  /** reworks of the fixes reported (a case's rework count) */
  reworks: { at: 'c.handled_at', when: NOT_VOID, value: 'c.rework_count' },
  /** MTTA: dispatch → accept */
  accept_n: { at: 'c.accepted_at', when: 'c.dispatched_at IS NOT NULL AND c.accepted_at >= c.dispatched_at' },
  accept_min: { at: 'c.accepted_at', when: 'c.dispatched_at IS NOT NULL AND c.accepted_at >= c.dispatched_at', value: minutes('accepted_at', 'dispatched_at') },
  /** dispatch → fix */
  handle_n: { at: 'c.handled_at', when: `${NOT_VOID} AND c.dispatched_at IS NOT NULL` },
  handle_min: { at: 'c.handled_at', when: `${NOT_VOID} AND c.dispatched_at IS NOT NULL`, value: minutes('handled_at', 'dispatched_at') },
  /** MTTR: file → close */
  close_n: { at: 'c.closed_at', when: `${CLOSED} AND c.filed_at IS NOT NULL` },
  close_min: { at: 'c.closed_at', when: `${CLOSED} AND c.filed_at IS NOT NULL`, value: minutes('closed_at', 'filed_at') },
} satisfies Record<string, Measure>;

export type MeasureName = keyof typeof MEASURES;
export const MEASURE_NAMES = Object.keys(MEASURES) as MeasureName[];
/** Measures summed as minutes (float); the rest are counts. */
export const MINUTE_MEASURES: readonly MeasureName[] = ['accept_min', 'handle_min', 'close_min'];
/** The durations whose medians are read from a histogram: kind → its count measure and its minutes. */
export const DURATIONS = {
  accept: { n: 'accept_n', minutes: minutes('accepted_at', 'dispatched_at') },
  handle: { n: 'handle_n', minutes: minutes('handled_at', 'dispatched_at') },
  close: { n: 'close_n', minutes: minutes('closed_at', 'filed_at') },
} as const satisfies Record<string, { n: MeasureName; minutes: string }>;
export type DurationKind = keyof typeof DURATIONS;

/**
 * Duration histogram buckets: geometric, 10 % wide (bucket b holds minutes in [1.1^(b-1) − 1, 1.1^b − 1)), so a
 * median read back from them (the bucket's midpoint) is within 5 % of the exact one, from one minute to years —
 * about 100 buckets, where exact medians would need every case of the window.
 */
export const DURATION_BUCKET_BASE = 1.1;
export const durationBucketSql = (minutesSql: string) => `ceil(ln(greatest(${minutesSql}, 0) + 1) / ln(${DURATION_BUCKET_BASE}))::int`;
/** The midpoint of a bucket, in minutes. */
export function durationBucketMinutes(bucket: number): number {
  if (bucket <= 0) return 0;
  return (DURATION_BUCKET_BASE ** (bucket - 1) + DURATION_BUCKET_BASE ** bucket) / 2 - 1;
}

/** The Shanghai date of an instant, as SQL (a shift, no time-zone database). */
export const townDateSql = (instant: string) => `((${instant}) AT TIME ZONE 'UTC' + interval '${TOWN_UTC_OFFSET_MINUTES} minutes')::date`;

/** "The measure counts in [from, dueBefore)": a deadline counts only once it has passed, so the end is min(to, now). */
export function measureIn(m: Measure, from: string, dueBefore: string): string {
  return `(${m.at}) >= ${from} AND (${m.at}) < ${dueBefore} AND ${m.when}`;
}

/** `sum(value) FILTER (WHERE in period)` for each measure, as `prefix + name`. */
export function measureColumns(from: string, dueBefore: string, prefix = ''): string {
  return MEASURE_NAMES.map((name) => {
    const m: Measure = MEASURES[name];
    const cast = MINUTE_MEASURES.includes(name) ? 'float8' : 'int';
    return `coalesce(sum(${m.value ?? '1'}) FILTER (WHERE ${measureIn(m, from, dueBefore)}), 0)::${cast} AS ${prefix}${name}`;
  }).join(',\n       ');
}

/** `count(*) FILTER (WHERE …) AS prefix_name` for each condition. */
export function countColumns(conditions: Record<string, string>, prefix = ''): string {
  return Object.entries(conditions)
    .map(([name, where]) => `count(*) FILTER (WHERE ${where})::int AS ${prefix}${name}`)
    .join(',\n       ');
}

/**
 * The rows a measure from `since` on can come from: open cases (partial index) or a milestone since `since` (the
 * milestone indexes). A closed case's deadline-based measures fall on or before its fix or close. Keeps the scan to
 * the working set however much history the table holds.
 */
export function touchedSince(since: string): string {
  return `(${OPEN} OR c.reported_at >= ${since} OR c.filed_at >= ${since} OR c.handled_at >= ${since} OR c.closed_at >= ${since})`;
}

/** Period figures as numbers, keyed by measure. */
export type PeriodCounts = Record<MeasureName, number>;

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

export const EMPTY_PERIOD: PeriodCounts = Object.fromEntries(MEASURE_NAMES.map((n) => [n, 0])) as PeriodCounts;
export const EMPTY_SNAPSHOT: SnapshotCounts = { open: 0, awaiting: 0, in_progress: 0, near_due: 0, overdue: 0, supervised: 0, suspended: 0 };

export function addCounts<T extends object>(a: T, b: T): T {
  const out = { ...a } as Record<string, number>;
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + (v as number);
  return out as T;
}
