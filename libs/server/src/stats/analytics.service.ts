import { Inject, Injectable } from '@nestjs/common';
import type { AnalyticsQuery, AnalyticsRankRow, AnalyticsStats, DurationStats } from '@gridops/contracts';
import { SOURCES, addDays, datesBetween, parseScoreWeights, rankByScore, ratio, townDayStart, type Actor, type DistrictCode, type ScoreWeights, type Source } from '@gridops/domain';
import { DirectoryService } from '../directory/directory.service';
import { TownGeographyService } from '../directory/town-geography.service';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';
import { EMPTY_PERIOD, HANDLING, OPEN, addCounts, countColumns, periodConditions, readCounts, type PeriodCounts } from './kpi-sql';
import { basesOf, ratesOf, scoreOf } from './kpi-view';
import { trendByDay } from './trend';
import { caseScopeSql } from '../cases/case-scope';
import { SqlParams } from '../platform/database/sql-params';
import { ReadDatabase } from '../platform/read-replica/read-database';
import { resolveDistrict } from './stats-scope';

type Row = Record<string, unknown>;

/** Counts analytics adds to the period counts of kpi-sql.ts. */
interface ExtraCounts {
  dispatched: number;
  voided: number;
  self_closed: number;
  filed_closed: number;
  overdue_open: number;
  open_now: number;
  suspended_now: number;
  escalated: number;
  reworks: number;
}
const EMPTY_EXTRA: ExtraCounts = { dispatched: 0, voided: 0, self_closed: 0, filed_closed: 0, overdue_open: 0, open_now: 0, suspended_now: 0, escalated: 0, reworks: 0 };

interface GroupCounts {
  period: PeriodCounts;
  extra: ExtraCounts;
  meanHandlingMinutes: number | null;
}

type SetName = 'total' | 'district' | 'grid' | 'person' | 'unit' | 'category' | 'source';

/**
 * 综合评价 over a window of Shanghai dates: the board's KPI definitions (docs/kpis.md) for any period, with
 * rankings of 片区, grid cells, grid workers, units and categories. One grouped pass over the cases of the window,
 * one over approved returns, one for durations, one for the daily trend.
 */
@Injectable()
export class AnalyticsService {
  private readonly weights: ScoreWeights;

  constructor(
    private readonly reads: ReadDatabase,
    private readonly directory: DirectoryService,
    private readonly geography: TownGeographyService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.weights = parseScoreWeights(config.KPI_SCORE_WEIGHTS);
  }

  async analytics(q: AnalyticsQuery, actor: Actor, now = new Date()): Promise<AnalyticsStats> {
    const district = resolveDistrict(actor, q.district);
    const fromInstant = townDayStart(q.from);
    const toInstant = townDayStart(addDays(q.to, 1));
    const dueBefore = new Date(Math.min(toInstant.getTime(), now.getTime()));
    const [groups, returns, durations, trend, categories, units, districts, cells] = await Promise.all([
      this.groupedCounts(actor, district, fromInstant, toInstant, dueBefore),
      this.returns(actor, district, fromInstant, toInstant),
      this.durations(actor, district, fromInstant, toInstant),
      trendByDay(this.reads, actor, district, q.from, q.to, now),
      this.directory.categoriesByCode(),
      this.directory.units(),
      this.geography.districts(),
      this.geography.cells(),
    ]);
    const people = await this.people([...groups.person.keys(), ...returns.person.keys()]);

    const total = groups.total.get('') ?? { period: EMPTY_PERIOD, extra: EMPTY_EXTRA, meanHandlingMinutes: null };
    const returned = returns.total.get('') ?? 0;
    const row = (set: SetName, code: string, names: { nameZh: string; nameEn: string; districtCode: DistrictCode | null }) =>
      this.rankRow(code, names, groups[set].get(code), returns[set].get(code) ?? 0);

    const districtRows = districts
      .filter((d) => !district || d.code === district)
      .map((d) => row('district', d.code, { nameZh: d.nameZh, nameEn: d.nameEn, districtCode: d.code }));
    const gridRows = cells
      .filter((c) => !district || c.districtCode === district)
      .map((c) => row('grid', c.code, { nameZh: c.nameZh, nameEn: c.nameEn, districtCode: c.districtCode }));
    const workerRows = [...new Set([...groups.person.keys(), ...returns.person.keys()])].flatMap((id) => {
      const u = people.get(id);
      return u?.role === 'grid_worker' ? [row('person', id, { nameZh: u.displayName, nameEn: u.displayName, districtCode: u.districtCode })] : [];
    });
    const unitNames = new Map(units.map((u) => [u.code, u]));
    const unitRows = [...new Set([...groups.unit.keys(), ...returns.unit.keys()])].map((code) =>
      row('unit', code, { nameZh: unitNames.get(code)?.nameZh ?? code, nameEn: unitNames.get(code)?.nameEn ?? code, districtCode: null }),
    );
    const categoryRows = [...groups.category.keys()]
      .map((code) => row('category', code, { nameZh: categories.get(code)?.nameZh ?? code, nameEn: categories.get(code)?.nameEn ?? code, districtCode: null }))
      .sort((a, b) => b.reported - a.reported || a.code.localeCompare(b.code));

    const p = total.period;
    const x = total.extra;
    return {
      generatedAt: now.toISOString(),
      window: { from: q.from, to: q.to, fromInstant: fromInstant.toISOString(), toInstant: toInstant.toISOString(), days: datesBetween(q.from, q.to).length },
      district,
      totals: {
        reported: p.new,
        filed: p.filed,
        dispatched: x.dispatched,
        handled: p.handled,
        closed: p.closed,
        voided: x.voided,
        selfDisposedClosed: x.self_closed,
        overdue: p.became_overdue,
        overdueOpen: x.overdue_open,
        open: x.open_now,
        suspended: x.suspended_now,
        extended: p.due_extended,
        returned,
        reworks: x.reworks,
        escalated: x.escalated,
      },
      rates: {
        ...ratesOf(p),
        resolutionRate: ratio(x.filed_closed, p.filed),
        extensionRate: ratio(p.due_extended, p.due),
        returnRate: ratio(returned, x.dispatched),
        selfDisposalRate: ratio(x.self_closed, p.filed),
      },
      bases: basesOf(p),
      timeToAccept: durations.accept,
      timeToHandle: durations.handle,
      timeToClose: durations.close,
      districts: rankByScore(districtRows),
      gridCells: rankByScore(gridRows),
      workers: rankByScore(workerRows),
      units: rankByScore(unitRows),
      categories: rankByScore(categoryRows),
      sources: SOURCES.map((source: Source) => ({
        source,
        reported: groups.source.get(source)?.period.new ?? 0,
        closed: groups.source.get(source)?.period.closed ?? 0,
      })),
      trend,
    };
  }

  private rankRow(
    code: string,
    names: { nameZh: string; nameEn: string; districtCode: DistrictCode | null },
    g: GroupCounts | undefined,
    returns: number,
  ): Omit<AnalyticsRankRow, 'rank'> {
    const p = g?.period ?? EMPTY_PERIOD;
    const rates = ratesOf(p);
    return {
      code,
      ...names,
      reported: p.new,
      handled: p.handled,
      closed: p.closed,
      dueToClose: p.due,
      closedOnTime: p.due_on_time,
      onTimeRate: rates.onTimeRate,
      closureRate: rates.closureRate,
      overdue: p.became_overdue,
      returns,
      reworks: g?.extra.reworks ?? 0,
      meanHandlingMinutes: g?.meanHandlingMinutes ?? null,
      score: scoreOf(p, this.weights),
    };
  }

  /**
   * One pass over the window's cases, grouped by every key at once (片区+grid, person — the fixer once handled, else
   * the assignee —, unit, category, source), so each case's conditions are evaluated once; rolled up here into the
   * total and the six rankings.
   */
  private async groupedCounts(actor: Actor, district: DistrictCode | null, from: Date, to: Date, dueBefore: Date) {
    const p = new SqlParams();
    const f = p.add(from);
    const t = p.add(to);
    const d = p.add(dueBefore);
    const scope = caseScopeSql(actor, 'c', p, district);
    const inW = (col: string) => `(c.${col} >= ${f} AND c.${col} < ${t})`;
    const period = periodConditions({ from: f, to: t, dueBefore: d });
    const extra: Record<keyof Omit<ExtraCounts, 'reworks'>, string> = {
      dispatched: inW('dispatched_at'),
      voided: `${inW('reported_at')} AND c.state = 'VOID'`,
      // self-disposed (自处置) cases are the only ones handled without ever being dispatched
      self_closed: `${inW('filed_at')} AND c.dispatched_at IS NULL AND c.handled_at IS NOT NULL AND c.state = 'CLOSED'`,
      filed_closed: `${inW('filed_at')} AND c.state = 'CLOSED'`,
      overdue_open: `(${period.became_overdue}) AND ${HANDLING}`,
      open_now: `${inW('reported_at')} AND ${OPEN}`,
      suspended_now: `${inW('reported_at')} AND c.state = 'SUSPENDED'`,
      escalated: `${inW('reported_at')} AND c.escalated_to_district`,
    };
    const handledAfterDispatch = `${period.handled} AND c.dispatched_at IS NOT NULL`;
    // every case a window count can come from: dispatched or accepted in the window implies handled since its start,
    // or still open
    const touched = `(${OPEN} OR ${inW('reported_at')} OR ${inW('filed_at')} OR c.handled_at >= ${f} OR ${inW('closed_at')})`;
    const rows = (await this.reads.query(
      `SELECT c.district_code, c.grid_cell_code, CASE WHEN c.handled_at IS NOT NULL THEN c.fixer_user_id ELSE c.assignee_user_id END AS person,
              c.assignee_unit_code, c.category_code, c.source,
       ${countColumns(period, 'p_')},
       ${countColumns(extra, 'x_')},
       coalesce(sum(c.rework_count) FILTER (WHERE ${period.handled}), 0)::int AS x_reworks,
       count(*) FILTER (WHERE ${handledAfterDispatch})::int AS handling_n,
       coalesce(sum(extract(epoch FROM c.handled_at - c.dispatched_at) / 60) FILTER (WHERE ${handledAfterDispatch}), 0)::float8 AS handling_minutes
         FROM cases c
        WHERE ${scope} AND ${touched}
        GROUP BY 1, 2, 3, 4, 5, 6`,
      p.values,
    )) as Row[];
    const sets = emptySets<Sums>();
    for (const r of rows) {
      const sums: Sums = {
        period: readCounts(r, EMPTY_PERIOD, 'p_'),
        extra: readCounts(r, EMPTY_EXTRA, 'x_'),
        handlingN: Number(r.handling_n),
        handlingMinutes: Number(r.handling_minutes),
      };
      for (const [set, key] of keysOf(r)) {
        if (key === null) continue; // no person or no unit: not a ranking row
        const prev = sets[set].get(key);
        sets[set].set(
          key,
          prev
            ? {
                period: addCounts(prev.period, sums.period),
                extra: addCounts(prev.extra, sums.extra),
                handlingN: prev.handlingN + sums.handlingN,
                handlingMinutes: prev.handlingMinutes + sums.handlingMinutes,
              }
            : sums,
        );
      }
    }
    const out = emptySets<GroupCounts>();
    for (const set of Object.keys(sets) as SetName[]) {
      for (const [key, v] of sets[set]) {
        out[set].set(key, {
          period: v.period,
          extra: v.extra,
          meanHandlingMinutes: v.handlingN ? Math.round((v.handlingMinutes / v.handlingN) * 10) / 10 : null,
        });
      }
    }
    return out;
  }

  /**
   * Approved returns (回退) in the window, charged to whoever asked for them (the latest request-return before the
   * approval): the unit's staff or the grid worker who held the case.
   */
  private async returns(actor: Actor, district: DistrictCode | null, from: Date, to: Date) {
    const p = new SqlParams();
    const f = p.add(from);
    const t = p.add(to);
    const scope = caseScopeSql(actor, 'c', p, district);
    const rows = (await this.reads.query(
      `SELECT c.district_code, c.grid_cell_code, r.actor_id AS person, ru.unit_code AS assignee_unit_code, c.category_code, c.source,
              count(*)::int AS n
         FROM case_events a
         JOIN cases c ON c.id = a.case_id
         JOIN LATERAL (SELECT e.actor_id FROM case_events e
                        WHERE e.case_id = a.case_id AND e.type = 'request-return' AND e.seq < a.seq
                        ORDER BY e.seq DESC LIMIT 1) r ON TRUE
         LEFT JOIN users ru ON ru.id = r.actor_id
        WHERE a.type = 'approve-return' AND a.at >= ${f} AND a.at < ${t} AND ${scope}
        GROUP BY 1, 2, 3, 4, 5, 6`,
      p.values,
    )) as Row[];
    const sets = emptySets<number>();
    for (const r of rows) {
      for (const [set, key] of keysOf(r)) if (key !== null) sets[set].set(key, (sets[set].get(key) ?? 0) + Number(r.n));
    }
    return sets;
  }

  /** MTTA (accept − dispatch), dispatch → fix, and MTTR (close − file) of the steps finished in the window. */
  private async durations(actor: Actor, district: DistrictCode | null, from: Date, to: Date) {
    const p = new SqlParams();
    const f = p.add(from);
    const t = p.add(to);
    const scope = caseScopeSql(actor, 'c', p, district);
    const inW = (col: string) => `c.${col} >= ${f} AND c.${col} < ${t}`;
    const stat = (name: string, minutes: string, where: string) => `
       count(*) FILTER (WHERE ${where})::int AS ${name}_n,
       avg(${minutes}) FILTER (WHERE ${where}) AS ${name}_mean,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ${minutes}) FILTER (WHERE ${where}) AS ${name}_median`;
    const minutes = (a: string, b: string) => `extract(epoch FROM c.${a} - c.${b}) / 60`;
    const [r] = (await this.reads.query(
      `SELECT ${stat('accept', minutes('accepted_at', 'dispatched_at'), `${inW('accepted_at')} AND c.dispatched_at IS NOT NULL AND c.accepted_at >= c.dispatched_at`)},
              ${stat('handle', minutes('handled_at', 'dispatched_at'), `${inW('handled_at')} AND c.dispatched_at IS NOT NULL AND c.state <> 'VOID'`)},
              ${stat('close', minutes('closed_at', 'filed_at'), `${inW('closed_at')} AND c.state = 'CLOSED' AND c.filed_at IS NOT NULL`)}
         FROM cases c
        WHERE ${scope} AND (${OPEN} OR c.handled_at >= ${f} OR (${inW('closed_at')}))`,
      p.values,
    )) as Row[];
    const read = (name: string): DurationStats => {
      const round = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);
      return { count: Number(r[`${name}_n`] ?? 0), meanMinutes: round(r[`${name}_mean`]), medianMinutes: round(r[`${name}_median`]) };
    };
    return { accept: read('accept'), handle: read('handle'), close: read('close') };
  }

  private async people(ids: string[]) {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map<string, { displayName: string; role: string; districtCode: DistrictCode | null }>();
    const rows = (await this.reads.query(`SELECT id, display_name, role, district_code FROM users WHERE id = ANY($1::uuid[])`, [unique])) as Row[];
    return new Map(
      rows.map((u) => [String(u.id), { displayName: String(u.display_name), role: String(u.role), districtCode: (u.district_code as DistrictCode | null) ?? null }]),
    );
  }
}

interface Sums {
  period: PeriodCounts;
  extra: ExtraCounts;
  handlingN: number;
  handlingMinutes: number;
}

function emptySets<T>(): Record<SetName, Map<string, T>> {
  return { total: new Map(), district: new Map(), grid: new Map(), person: new Map(), unit: new Map(), category: new Map(), source: new Map() };
}

/** The key of a grouped row in each ranking ('' for the total; null where the row has no such key). */
function keysOf(r: Row): [SetName, string | null][] {
  const key = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return [
    ['total', ''],
    ['district', key(r.district_code)],
    ['grid', key(r.grid_cell_code)],
    ['person', key(r.person)],
    ['unit', key(r.assignee_unit_code)],
    ['category', key(r.category_code)],
    ['source', key(r.source)],
  ];
}
