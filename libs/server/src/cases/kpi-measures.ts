import { HANDLING_CLOCK_STATES, TOWN_UTC_OFFSET_MINUTES } from '@gridops/domain';
import type { KpiCaseMeasure } from '@gridops/contracts';
import { openCaseSql, sqlStateList } from './case-state-sql';

/**
 * The KPI definitions of docs/kpis.md as SQL on a cases row — the one home of what is counted. Every period figure
 * is a *measure*: the case adds `value` (1, or minutes) to the period its instant `at` falls in, when `when` holds.
 * The board and analytics read measures from the day rollups (stats/kpi-rollup-sql.ts, built from these) and from
 * the cases of today, live; the case list's `kpi` filter (case-filters.ts) lists the cases behind a figure with the
 * same condition, so a drill-down's total is the figure.
 */

/** A figure of a period: the case counts `value` (default 1) in the period holding `at`, when `when` holds. */
export interface Measure {
  at: string;
  when: string;
  value?: string;
}

const closed = (c: string) => `${c}.state = 'CLOSED'`;
/** the fix is being made: the handling clock runs */
const handling = (c: string) => `${c}.state IN (${sqlStateList(HANDLING_CLOCK_STATES)})`;
/**
 * 应结案 (the base of 按期结案率 and 结案率): a case enters it when it closes or when its handling deadline passes,
 * whichever comes first — a case still inside its limit, fixed and waiting for its check or not, is not yet due.
 * Suspended (挂账) and void cases are outside it.
 */
const IN_BASE = (c: string) => `${c}.state NOT IN ('SUSPENDED', 'VOID')`;
/** LEAST skips NULLs: a case closed without a handling deadline (self-disposed) enters when it closes. */
const BASE_AT = (c: string) => `CASE WHEN ${c}.state = 'CLOSED' THEN LEAST(${c}.closed_at, ${c}.handling_due_at) ELSE ${c}.handling_due_at END`;
/**
 * On time (按期): the fix was reported by the (possibly extended) handling deadline and is not being redone; a
 * closed case without a handling deadline (self-disposed) is on time.
 */
const ON_TIME = (c: string) => `((${closed(c)} AND ${c}.handling_due_at IS NULL) OR (${c}.handled_at <= ${c}.handling_due_at AND NOT ${handling(c)}))`;
const BECAME_OVERDUE = (c: string) => `${c}.state NOT IN ('VOID', 'SUSPENDED') AND (${handling(c)} OR ${c}.handled_at > ${c}.handling_due_at)`;
const minutesOn = (c: string) => (a: string, b: string) => `extract(epoch FROM ${c}.${a} - ${c}.${b}) / 60`;

/** Every period figure (docs/kpis.md) on cases under `c`. The keys are the rollup table's columns (migration KpiRollups). */
export function measuresOn(c: string) {
  const minutes = minutesOn(c);
  const CLOSED = closed(c);
  const NOT_VOID = `${c}.state <> 'VOID'`;
  const OPEN = openCaseSql(c);
  const HANDLING = handling(c);
  return {
    /** 新增: reports received, every source, void ones included */
    new: { at: `${c}.reported_at`, when: 'TRUE' },
    /** 立案 */
    filed: { at: `${c}.filed_at`, when: 'TRUE' },
    /** 结案 (a case reopened by a dissatisfied callback is not closed) */
    closed: { at: `${c}.closed_at`, when: CLOSED },
    /** 处置: fixes reported (the latest fix of a case) */
    handled: { at: `${c}.handled_at`, when: NOT_VOID },
    reworked: { at: `${c}.handled_at`, when: `${NOT_VOID} AND ${c}.rework_count > 0` },
    /** 应结案数 */
    due: { at: BASE_AT(c), when: IN_BASE(c) },
    due_closed: { at: BASE_AT(c), when: `${IN_BASE(c)} AND ${CLOSED}` },
    due_on_time: { at: BASE_AT(c), when: `${IN_BASE(c)} AND ${ON_TIME(c)}` },
    due_extended: { at: BASE_AT(c), when: `${IN_BASE(c)} AND ${c}.extension_count > 0` },
    /** 基层解决率's base: closed, or open and escalated (counted on its report) */
    gr_base: { at: `CASE WHEN ${CLOSED} THEN ${c}.closed_at WHEN ${OPEN} AND ${c}.escalated_to_district THEN ${c}.reported_at END`, when: 'TRUE' },
    gr_solved: { at: `${c}.closed_at`, when: `${CLOSED} AND NOT ${c}.escalated_to_district` },
    /** 新增超期 */
    became_overdue: { at: `${c}.handling_due_at`, when: BECAME_OVERDUE(c) },
    // analytics
    dispatched: { at: `${c}.dispatched_at`, when: 'TRUE' },
    voided: { at: `${c}.reported_at`, when: `${c}.state = 'VOID'` },
    /** self-disposed (自处置) cases are the only ones handled without ever being dispatched */
    self_closed: { at: `${c}.filed_at`, when: `${c}.dispatched_at IS NULL AND ${c}.handled_at IS NOT NULL AND ${CLOSED}` },
    filed_closed: { at: `${c}.filed_at`, when: CLOSED },
    overdue_open: { at: `${c}.handling_due_at`, when: `${BECAME_OVERDUE(c)} AND ${HANDLING}` },
    open_now: { at: `${c}.reported_at`, when: OPEN },
    suspended_now: { at: `${c}.reported_at`, when: `${c}.state = 'SUSPENDED'` },
    escalated: { at: `${c}.reported_at`, when: `${c}.escalated_to_district` },
    /** reworks of the fixes reported (a case's rework count) */
    reworks: { at: `${c}.handled_at`, when: NOT_VOID, value: `${c}.rework_count` },
    /** MTTA: dispatch → accept */
    accept_n: { at: `${c}.accepted_at`, when: `${c}.dispatched_at IS NOT NULL AND ${c}.accepted_at >= ${c}.dispatched_at` },
    accept_min: { at: `${c}.accepted_at`, when: `${c}.dispatched_at IS NOT NULL AND ${c}.accepted_at >= ${c}.dispatched_at`, value: minutes('accepted_at', 'dispatched_at') },
    /** dispatch → fix */
    handle_n: { at: `${c}.handled_at`, when: `${NOT_VOID} AND ${c}.dispatched_at IS NOT NULL` },
    handle_min: { at: `${c}.handled_at`, when: `${NOT_VOID} AND ${c}.dispatched_at IS NOT NULL`, value: minutes('handled_at', 'dispatched_at') },
    /** MTTR: file → close */
    close_n: { at: `${c}.closed_at`, when: `${CLOSED} AND ${c}.filed_at IS NOT NULL` },
    close_min: { at: `${c}.closed_at`, when: `${CLOSED} AND ${c}.filed_at IS NOT NULL`, value: minutes('closed_at', 'filed_at') },
  } satisfies Record<string, Measure>;
}
/** The measures on a cases row aliased `c`. */
export const MEASURES = measuresOn('c');
// every figure a case list can drill to (contracts) is a measure here
MEASURES satisfies Record<KpiCaseMeasure, Measure>;

export type MeasureName = keyof typeof MEASURES;
export const MEASURE_NAMES = Object.keys(MEASURES) as MeasureName[];
/**
 * 回退 (returns): approved returns, each counted on the day it was approved and charged to whoever asked for it (the
 * latest request-return before the approval): that person and that person's unit. Not a Measure — a case may be
 * returned more than once, by different people, so its returns are not one instant of its row: they are read from
 * its timeline (approve-return events, a partial index by instant; a case's own by `idx_case_events_case`). The
 * rollups keep them beside the measures, in the same rows (column `returned`).
 */
export const RETURNED = 'returned';
/**
 * The approved returns matching `where` (on the approve-return event `a`): rows (case_id, seq, at, person, unit).
 * An approval without a request before it (none is written so) is not counted.
 */
export function approvedReturnsSql(where: string): string {
  return `SELECT a.case_id, a.seq, a.at, r.person, ru.unit_code AS unit
            FROM case_events a
            JOIN LATERAL (SELECT e.actor_id AS person FROM case_events e
                           WHERE e.case_id = a.case_id AND e.type = 'request-return' AND e.seq < a.seq
                           ORDER BY e.seq DESC LIMIT 1) r ON TRUE
            LEFT JOIN users ru ON ru.id = r.person
           WHERE a.type = 'approve-return' AND ${where}`;
}
/** Every figure a rollup row holds: the measures of the case rows, then the returns. */
export type RollupMeasure = MeasureName | typeof RETURNED;
export const ROLLUP_MEASURES: readonly RollupMeasure[] = [...MEASURE_NAMES, RETURNED];
/** Measures summed as minutes (float); the rest are counts. */
export const MINUTE_MEASURES: readonly MeasureName[] = ['accept_min', 'handle_min', 'close_min'];
/** The durations whose medians are read from a histogram: kind → its count measure and its minutes. */
const minutes = minutesOn('c');
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

/** `sum(value) FILTER (WHERE in period)` for each measure (or those named), as `prefix + name`. */
export function measureColumns(from: string, dueBefore: string, prefix = '', names: readonly MeasureName[] = MEASURE_NAMES): string {
  return names.map((name) => {
    const m: Measure = MEASURES[name];
    const cast = MINUTE_MEASURES.includes(name) ? 'float8' : 'int';
    return `coalesce(sum(${m.value ?? '1'}) FILTER (WHERE ${measureIn(m, from, dueBefore)}), 0)::${cast} AS ${prefix}${name}`;
  }).join(',\n       ');
}

