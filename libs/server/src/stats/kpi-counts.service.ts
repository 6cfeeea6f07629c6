import { Injectable } from '@nestjs/common';
import type { TrendPoint } from '@gridops/contracts';
import { addDays, datesBetween, townDayStart, type Actor, type DistrictCode } from '@gridops/domain';
import { caseScopeSql } from '../cases/case-scope';
import { LIVE_CASES, type CaseRows } from '../cases/cases-at';
import { SqlParams } from '../platform/database/sql-params';
import { ReadDatabase } from '../platform/read-replica/read-database';
import { MEASURE_COLUMN_LIST, ROLLUP_DIMS, notYetDueDayRowsSql, pendingDayRowsSql, sumMeasuresSql, type RollupDim } from './kpi-rollup-sql';
import { readPlan, windowEnd, type RollupRead, type ScopeSql } from './kpi-read-plan';
import { DURATIONS, MEASURES, MEASURE_NAMES, RETURNED, approvedReturnsSql, durationBucketSql, measureColumns, measureIn, townDateSql, type DurationKind, type MeasureName } from '../cases/kpi-measures';
import { EMPTY_PERIOD, addCounts, readCounts, touchedSince, type PeriodCounts } from './kpi-sql';

type Row = Record<string, unknown>;
/** The dims a ranking groups by. */
export type RankDim = Exclude<RollupDim, 'dur'>;
const RANK_DIMS = ROLLUP_DIMS.filter((d): d is RankDim => d !== 'dur');

/** The measures of a window of Shanghai dates: the total, per key of each ranking dim, and the duration histograms. */
export interface WindowCounts {
  total: PeriodCounts;
  by: Record<RankDim, Map<string, PeriodCounts>>;
  /** per duration kind: bucket → count */
  durations: Record<DurationKind, Map<number, number>>;
}

export const emptyWindow = (): WindowCounts => ({
  total: EMPTY_PERIOD,
  by: { grid: new Map(), person: new Map(), unit: new Map(), category: new Map(), source: new Map() },
  durations: { accept: new Map(), handle: new Map(), close: new Map() },
});

/**
 * The measures of kpi-sql.ts over a window of Shanghai dates, from where they are cheapest to read: every day, today
 * included, from the rollups (months whole where the window holds them) with the cases in flight added and the
 * deadlines still ahead taken out (fromRollup). A caller whose read scope is not the town or a 片区
 * (unit staff: their unit's cases and their own) reads their unit's rollup and counts the cases assigned to them in
 * person live (readPlan). A deadline counts once it has come: the window ends just after now (windowEnd).
 *
 * Replayed (`rows` = the cases as they were at a past `now`, cases-at.ts) the whole window is counted from those rows
 * with the same measures: the rollups hold the days as they are now, not as they were then.
 */
@Injectable()
export class KpiCountsService {
  /** lag-tolerant: the replica's, when DATABASE_READ_URL is set (ReadDatabase) */
  constructor(private readonly reads: ReadDatabase) {}

  async window(
    actor: Actor,
    district: DistrictCode | null,
    first: string,
    last: string,
    now: Date,
    dims: readonly RollupDim[] = ROLLUP_DIMS,
    rows: CaseRows = LIVE_CASES,
  ): Promise<WindowCounts> {
    const end = windowEnd(last, now);
    const plan = readPlan(actor, district, rows);
    const parts: Promise<WindowCounts>[] = [];
    if (plan.rollup) parts.push(this.fromRollup(plan.rollup, first, last, now, dims));
    // the duration histograms only when asked for (as the rollup part reads only the dims asked for)
    if (plan.live) parts.push(this.live(plan.live, townDayStart(first), end, rows, dims.includes('dur')));
    return mergeWindows(await Promise.all(parts));
  }

  /** The same window counted from the cases alone, without the rollups: what `npm run kpi -- check` and the tests compare with. */
  direct(actor: Actor, district: DistrictCode | null, first: string, last: string, now: Date): Promise<WindowCounts> {
    const end = windowEnd(last, now);
    return this.live((p) => caseScopeSql(actor, 'c', p, district), townDayStart(first), end);
  }

  /** Reports received and cases closed per Shanghai day, `first` to `last` (zeros included). */
  async trend(actor: Actor, district: DistrictCode | null, first: string, last: string, now: Date, rows: CaseRows = LIVE_CASES): Promise<TrendPoint[]> {
    const byDay = new Map<string, { created: number; closed: number }>();
    const add = (day: string, created: number, closed: number) => {
      const d = byDay.get(day) ?? { created: 0, closed: 0 };
      byDay.set(day, { created: d.created + created, closed: d.closed + closed });
    };
    const jobs: Promise<void>[] = [];
    const { rollup, live: liveScope } = readPlan(actor, district, rows);
    if (rollup) {
      jobs.push(
        (async () => {
          // reports and closures are steps taken: no deadline to take out, only the pending cases to add
          const p = new SqlParams();
          const { table, column } = rollup.partition;
          // the conditions inside each branch: the pending rows' columns are not the table's types, so Postgres would
          // not push a condition on the union down into the table's scan
          const where = `dim = 'grid' AND period >= ${p.add(first)}::date AND period <= ${p.add(last)}::date${rollup.key ? ` AND ${column} = ${p.add(rollup.key)}` : ''}`;
          const found = (await this.reads.query(
            `SELECT to_char(r.period, 'YYYY-MM-DD') AS day, sum(r.new)::int AS created, sum(r.closed)::int AS closed
               FROM (SELECT period, new, closed FROM ${table} WHERE grain = 'd' AND ${where}
                     UNION ALL
                     SELECT period, new, closed FROM (${pendingDayRowsSql(rollup.partition)}) pending WHERE ${where}) r
              GROUP BY r.period`,
            p.values,
          )) as Row[];
          for (const r of found) add(String(r.day), Number(r.created), Number(r.closed));
        })(),
      );
    }
    if (liveScope) {
      jobs.push(
        (async () => {
          const p = new SqlParams();
          const since = townDayStart(first);
          const from = p.add(since);
          const to = p.add(windowEnd(last, now));
          const scope = liveScope(p);
          const day = (column: string) => `to_char(${townDateSql(column)}, 'YYYY-MM-DD')`;
          const cases = rows.from(p, 'c', since);
          const found = (await this.reads.query(
            `SELECT day, sum(created)::int AS created, sum(closed)::int AS closed FROM (
               SELECT ${day('c.reported_at')} AS day, count(*) AS created, 0 AS closed
                 FROM ${cases} WHERE c.reported_at >= ${from} AND c.reported_at < ${to} AND ${scope} GROUP BY 1
               UNION ALL
               SELECT ${day('c.closed_at')}, 0, count(*)
                 FROM ${cases} WHERE ${MEASURES.closed.when} AND c.closed_at >= ${from} AND c.closed_at < ${to} AND ${scope} GROUP BY 1
             ) x GROUP BY day`,
            p.values,
          )) as Row[];
          for (const r of found) add(String(r.day), Number(r.created), Number(r.closed));
        })(),
      );
    }
    await Promise.all(jobs);
    return datesBetween(first, last).map((date) => ({ date, created: byDay.get(date)?.created ?? 0, closed: byDay.get(date)?.closed ?? 0 }));
  }

  /**
   * 回放 (replay): several windows of Shanghai dates and the daily trend, counted from the case rows as they were at
   * `now` (`rows`, cases-at.ts) in one statement that reads those rows once — the rows of the widest window (the
   * earliest `first`), each window's measures summed over them with its own FILTER (kpi-measures.ts, the same
   * measures as `window`). A row of the wide set outside a narrower window's own set is a case closed or voided
   * before that window began, and a closed row's measures all fall on or before its close: it adds nothing there, so
   * each window equals what `window` counts for it alone. Only the `measures` a window asks for are summed (the rest
   * read 0); empty windows (first > last) come back empty.
   */
  async replayed<K extends string>(
    actor: Actor,
    district: DistrictCode | null,
    windows: Record<K, ReplayedWindow>,
    trend: { first: string; last: string },
    now: Date,
    rows: CaseRows,
  ): Promise<{ windows: Record<K, WindowCounts>; trend: TrendPoint[] }> {
    const p = new SqlParams();
    const endOf = (last: string) => new Date(Math.min(townDayStart(addDays(last, 1)).getTime(), now.getTime()));
    const asked = (Object.entries(windows) as [K, ReplayedWindow][]).filter(([, w]) => w.first <= w.last);
    const since = townDayStart([trend.first, ...asked.map(([, w]) => w.first)].sort()[0]);
    const scope = caseScopeSql(actor, 'c', p, district);
    const cases = rows.from(p, 'c', since);
    // every window ends by `now`: an open case's deadline after it adds to none
    const touched = touchedSince(p.add(since), p.add(now));
    const columns = asked.map(([, w], i) => measureColumns(p.add(townDayStart(w.first)), p.add(endOf(w.last)), `w${i}_`, w.measures)).join(',\n       ');
    const tFrom = p.add(townDayStart(trend.first));
    const tTo = p.add(new Date(Math.min(townDayStart(addDays(trend.last, 1)).getTime(), now.getTime() + 1)));
    // (no JIT on any connection, data-source.ts: compiling this statement's hundred expressions took 0.13 s at 1 M
    // cases, longer than the 40,000 rows of a month take to count)
    const found = (await this.reads.query(this.replayedSql(scope, cases, touched, columns, asked, tFrom, tTo), p.values)) as Row[];
    const out = Object.fromEntries((Object.keys(windows) as K[]).map((k) => [k, emptyWindow()])) as Record<K, WindowCounts>;
    const byDay = new Map<string, { created: number; closed: number }>();
    for (const r of found) {
      if (r.part === 'trend') {
        const d = byDay.get(String(r.day)) ?? { created: 0, closed: 0 };
        byDay.set(String(r.day), { created: d.created + Number(r.created), closed: d.closed + Number(r.closed_on_day) });
        continue;
      }
      asked.forEach(([name], i) => addGroup(out[name], r, readCounts(r, EMPTY_PERIOD, `w${i}_`)));
    }
    return {
      windows: out,
      trend: datesBetween(trend.first, trend.last).map((date) => ({ date, created: byDay.get(date)?.created ?? 0, closed: byDay.get(date)?.closed ?? 0 })),
    };
  }

  /** The statement of `replayed`: the rows read once (a materialized CTE), grouped by every dim, and per day for the trend. */
  private replayedSql(scope: string, cases: string, touched: string, columns: string, asked: [string, ReplayedWindow][], tFrom: string, tTo: string): string {
    const nulls = asked.length ? asked.map(([, w]) => w.measures.map(() => 'NULL').join(', ')).join(', ') : 'NULL';
    // per Shanghai date (a date sorts small; text only for the 30 rows out)
    const perDay = (column: string, created: number, where: string) =>
      `SELECT 'trend', NULL, NULL, NULL, NULL, NULL, to_char(d, 'YYYY-MM-DD'), ${created} * n, ${1 - created} * n, ${nulls}
         FROM (SELECT ${townDateSql(column)} AS d, count(*)::int AS n FROM c WHERE ${where} GROUP BY 1) t`;
    return `WITH c AS MATERIALIZED (SELECT c.* FROM ${cases} WHERE ${scope} AND ${touched})
       SELECT 'window' AS part, c.grid_cell_code AS grid, (CASE WHEN c.handled_at IS NOT NULL THEN c.fixer_user_id ELSE c.assignee_user_id END)::text AS person,
              c.assignee_unit_code AS unit, c.category_code AS category, c.source, NULL AS day, NULL::int AS created, NULL::int AS closed_on_day,
              ${columns || 'NULL AS none'}
         FROM c GROUP BY 2, 3, 4, 5, 6
       UNION ALL
       ${perDay('c.reported_at', 1, `c.reported_at >= ${tFrom} AND c.reported_at < ${tTo}`)}
       UNION ALL
       ${perDay('c.closed_at', 0, `${MEASURES.closed.when} AND c.closed_at >= ${tFrom} AND c.closed_at < ${tTo}`)}`;
  }

  /**
   * The window from the rollups, only the dims asked for: whole months from the month rows, and each partial month at
   * either end from its day rows — or, when the window holds most of that month, from its month row less the day rows
   * outside the window (a year to date reads ~12 days of day rows at most at each end, not ~30: a day is ~800 rows
   * at 1 M cases, a month ~900). Beside them, in the same statement (one snapshot): the pending cases' delta
   * (pendingDayRowsSql: what the worker has not folded in yet) and, when the window reaches past now, the deadlines
   * the rollup counts ahead of it taken out (notYetDueDayRowsSql) — so today is read from the rollups too, exactly,
   * and no window reads more than its keys' rows and the few cases in flight or due later today. The duration
   * histograms are summed apart, their counts only (two thirds of the rows, three columns of thirty).
   */
  private async fromRollup(rollup: RollupRead, first: string, last: string, now: Date, dims: readonly RollupDim[]): Promise<WindowCounts> {
    const { partition, key } = rollup;
    const ranges = rollupRanges(first, addDays(last, 1));
    const lastEnd = townDayStart(addDays(last, 1));
    const end = windowEnd(last, now);
    const columns = `grain, period, dim, key, ${partition.column}, ${MEASURE_COLUMN_LIST}`;
    // each statement its own parameters (one left unused in a statement would have no type)
    const read = (p: SqlParams, dimCondition: (p: SqlParams) => string) => {
      const where = key ? `AND r.${partition.column} = ${p.add(key)}` : '';
      const dim = dimCondition(p);
      const inWindow = `r.period >= ${p.add(first)}::date AND r.period <= ${p.add(last)}::date AND ${dim} ${where}`;
      const parts = ranges.map(
        ([grain, a, b, sign]) => `SELECT ${columns}, ${sign} AS sign FROM ${partition.table} r WHERE r.grain = '${grain}' AND r.period >= ${p.add(a)}::date AND r.period < ${p.add(b)}::date AND ${dim} ${where}`,
      );
      parts.push(`SELECT ${columns}, 1 AS sign FROM (${pendingDayRowsSql(partition)}) r WHERE ${inWindow}`);
      if (end < lastEnd) parts.push(`SELECT ${columns}, 1 AS sign FROM (${notYetDueDayRowsSql(p.add(end), p.add(lastEnd), partition)}) r WHERE ${inWindow}`);
      return parts.join(' UNION ALL ');
    };
    const ranked = dims.filter((d) => d !== 'dur');
    const histogramCounts = Object.values(DURATIONS).map((d) => d.n);
    const statement = (sql: (p: SqlParams) => string) => {
      const p = new SqlParams();
      const text = sql(p);
      return this.reads.query(text, p.values);
    };
    const [rows, durationRows] = (await Promise.all([
      ranked.length
        ? statement((p) => `SELECT r.dim, r.key, ${sumMeasuresSql('r', 'r.sign')} FROM (${read(p, (q) => `r.dim = ANY(${q.add(ranked)}::text[])`)}) r GROUP BY r.dim, r.key`)
        : Promise.resolve([]),
      dims.includes('dur')
        ? statement((p) => `SELECT r.key, ${sumMeasuresSql('r', 'r.sign', histogramCounts)} FROM (${read(p, () => `r.dim = 'dur'`)}) r GROUP BY r.key`)
        : Promise.resolve([]),
    ])) as [Row[], Row[]];
    const out = emptyWindow();
    for (const r of rows) {
      const counts = readCounts(r, EMPTY_PERIOD);
      // a key whose days outside the window were all it had in the month adds nothing
      if (Object.values(counts).every((v) => v === 0)) continue;
      const dim = r.dim as RankDim;
      out.by[dim].set(String(r.key), counts);
      if (dim === 'grid') out.total = addCounts(out.total, counts);
    }
    for (const r of durationRows) {
      const [kind, bucket] = String(r.key).split(':') as [DurationKind, string];
      const n = Number(r[DURATIONS[kind].n] ?? 0);
      if (n !== 0) out.durations[kind].set(Number(bucket), n);
    }
    return out;
  }

  /**
   * The window [from, end) counted from the cases: the rows it touches read once (a materialized CTE: today's
   * milestones and the open cases due, dispatched or accepted today, by their indexes), grouped by every dim at once
   * and, beside, into the duration histograms; and the approved returns (the window's approvals, by their partial
   * index).
   */
  private async live(scopeSql: ScopeSql, from: Date, end: Date, rows: CaseRows = LIVE_CASES, durations = true): Promise<WindowCounts> {
    const out = emptyWindow();
    if (end <= from) return out;
    const p = new SqlParams();
    const f = p.add(from);
    const e = p.add(end);
    const scope = scopeSql(p);
    const cases = rows.from(p, 'c', from);
    const touched = touchedSince(f, e);
    const durationSelects = Object.entries(DURATIONS).map(
      ([kind, d]) => `SELECT '${kind}' AS kind, ${durationBucketSql(d.minutes)} AS bucket FROM c WHERE ${measureIn(MEASURES[d.n], f, e)}`,
    );
    const noMeasures = MEASURE_NAMES.map(() => 'NULL').join(', ');
    const histogram = durations
      ? `UNION ALL
         SELECT 'dur', NULL, NULL, NULL, NULL, NULL, kind, bucket, count(*)::int, ${noMeasures} FROM (${durationSelects.join(' UNION ALL ')}) d GROUP BY kind, bucket`
      : '';
    const [found, returns] = (await Promise.all([
      this.reads.query(
        `WITH c AS MATERIALIZED (SELECT c.* FROM ${cases} WHERE ${scope} AND ${touched})
         SELECT 'measures' AS part, c.grid_cell_code AS grid, (CASE WHEN c.handled_at IS NOT NULL THEN c.fixer_user_id ELSE c.assignee_user_id END)::text AS person,
                c.assignee_unit_code AS unit, c.category_code AS category, c.source, NULL::text AS kind, NULL::int AS bucket, NULL::int AS n,
                ${measureColumns(f, e)}
           FROM c
          GROUP BY 2, 3, 4, 5, 6
         ${histogram}`,
        p.values,
      ),
      // replayed rows hold no returns (the replayed board shows none); live, each keyed by the case and the requester
      rows.at
        ? Promise.resolve([])
        : this.reads.query(
            `SELECT c.grid_cell_code AS grid, ret.person::text AS person, ret.unit, c.category_code AS category, c.source, count(*)::int AS ${RETURNED}
               FROM (${approvedReturnsSql(`a.at >= ${f} AND a.at < ${e}`)}) ret JOIN cases c ON c.id = ret.case_id
              WHERE ${scope}
              GROUP BY 1, 2, 3, 4, 5`,
            p.values,
          ),
    ])) as [Row[], Row[]];
    for (const r of found) {
      if (r.part === 'dur') out.durations[r.kind as DurationKind].set(Number(r.bucket), Number(r.n));
      else addGroup(out, r, readCounts(r, EMPTY_PERIOD));
    }
    for (const r of returns) addGroup(out, r, readCounts(r, EMPTY_PERIOD));
    return out;
  }
}

/** A window of a replayed pass: Shanghai dates `first` to `last` and the measures it needs. */
export interface ReplayedWindow {
  first: string;
  last: string;
  measures: readonly MeasureName[];
}

/** Adds the counts of one row grouped by every ranking dim to the window's total and to each dim's key. */
function addGroup(out: WindowCounts, r: Row, counts: PeriodCounts): void {
  out.total = addCounts(out.total, counts);
  for (const dim of RANK_DIMS) {
    const key = r[dim];
    if (key === null || key === undefined) continue;
    const map = out.by[dim];
    map.set(String(key), addCounts(map.get(String(key)) ?? EMPTY_PERIOD, counts));
  }
}

/**
 * The rollup rows of the Shanghai dates [first, end): (grain, from, to, sign) ranges — whole months from month rows;
 * a partial month at an end from its day rows, or from its month row less its day rows outside the window when
 * those are fewer.
 */
export function rollupRanges(first: string, end: string): [grain: 'd' | 'm', from: string, to: string, sign: 1 | -1][] {
  const monthOf = (d: string) => `${d.slice(0, 8)}01`;
  const days = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
  if (monthOf(first) === monthOf(addDays(end, -1))) return [['d', first, end, 1]];
  const out: [grain: 'd' | 'm', from: string, to: string, sign: 1 | -1][] = [];
  const m0 = first.endsWith('-01') ? first : nextMonth(first);
  const m1 = monthOf(end);
  if (first < m0) {
    const start = monthOf(first);
    if (days(start, first) < days(first, m0)) out.push(['m', start, m0, 1], ['d', start, first, -1]);
    else out.push(['d', first, m0, 1]);
  }
  if (m0 < m1) out.push(['m', m0, m1, 1]);
  if (m1 < end) {
    const after = nextMonth(m1);
    if (days(end, after) < days(m1, end)) out.push(['m', m1, after, 1], ['d', end, after, -1]);
    else out.push(['d', m1, end, 1]);
  }
  return out;
}

function nextMonth(date: string): string {
  const [y, m] = date.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** The sum of windows that do not overlap. */
export function mergeWindows(parts: WindowCounts[]): WindowCounts {
  const out = emptyWindow();
  for (const w of parts) {
    out.total = addCounts(out.total, w.total);
    for (const dim of RANK_DIMS) for (const [k, v] of w.by[dim]) out.by[dim].set(k, addCounts(out.by[dim].get(k) ?? EMPTY_PERIOD, v));
    for (const kind of Object.keys(out.durations) as DurationKind[]) for (const [b, n] of w.durations[kind]) out.durations[kind].set(b, (out.durations[kind].get(b) ?? 0) + n);
  }
  return out;
}
