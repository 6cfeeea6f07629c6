import { Inject, Injectable } from '@nestjs/common';
import type { AnalyticsQuery, AnalyticsRankRow, AnalyticsStats } from '@gridops/contracts';
import { SOURCES, addDays, datesBetween, parseScoreWeights, rankByScore, ratio, townDayStart, type Actor, type DistrictCode, type ScoreWeights, type Source } from '@gridops/domain';
import { DirectoryService } from '../directory/directory.service';
import { TownGeographyService } from '../directory/town-geography.service';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';
import { EMPTY_PERIOD, addCounts, type PeriodCounts } from './kpi-sql';
import { basesOf, durationOf, rateOf, ratesOf, scoreOf } from './kpi-view';
import { KpiCountsService, type RankDim } from './kpi-counts.service';
import { ReadDatabase } from '../platform/read-replica/read-database';
import { resolveDistrict } from './stats-scope';

type Row = Record<string, unknown>;
type SetName = 'total' | 'district' | RankDim;

/**
 * 综合评价 over a window of Shanghai dates: the board's KPI definitions (docs/kpis.md) for any period, with
 * rankings of 片区, grid cells, grid workers, units and categories. The measures and the returns come from
 * KpiCountsService (the rollups, with the cases in flight added): none of it grows with the history.
 */
@Injectable()
export class AnalyticsService {
  private readonly weights: ScoreWeights;
  private readonly minBase: number;

  constructor(
    private readonly reads: ReadDatabase,
    private readonly counts: KpiCountsService,
    private readonly directory: DirectoryService,
    private readonly geography: TownGeographyService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.weights = parseScoreWeights(config.KPI_SCORE_WEIGHTS);
    this.minBase = config.KPI_MIN_BASE;
  }

  async analytics(q: AnalyticsQuery, actor: Actor, now = new Date()): Promise<AnalyticsStats> {
    const district = resolveDistrict(actor, q.district);
    const fromInstant = townDayStart(q.from);
    const toInstant = townDayStart(addDays(q.to, 1));
    const [window, trend, categories, units, districts, cells] = await Promise.all([
      this.counts.window(actor, district, q.from, q.to, now),
      this.counts.trend(actor, district, q.from, q.to, now),
      this.directory.categoriesByCode(),
      this.directory.units(),
      this.geography.districts(),
      this.geography.allCells(),
    ]);
    const people = await this.people([...window.by.person.keys()]);

    // 片区 rows: the sum of their grid cells' rows
    const byDistrict = new Map<string, PeriodCounts>();
    for (const c of cells) {
      const g = window.by.grid.get(c.code);
      if (g) byDistrict.set(c.districtCode, addCounts(byDistrict.get(c.districtCode) ?? EMPTY_PERIOD, g));
    }
    const counted = (set: SetName, code: string): PeriodCounts | undefined =>
      set === 'total' ? window.total : set === 'district' ? byDistrict.get(code) : window.by[set].get(code);
    const row = (set: SetName, code: string, names: { nameZh: string; nameEn: string; districtCode: DistrictCode | null }) =>
      this.rankRow(code, names, counted(set, code));

    const districtRows = districts
      .filter((d) => !district || d.code === district)
      .map((d) => row('district', d.code, { nameZh: d.nameZh, nameEn: d.nameEn, districtCode: d.code }));
    // a cell a new map retired shows while the window holds cases placed in it
    const gridRows = cells
      .filter((c) => (!district || c.districtCode === district) && (c.retiredVersion === null || window.by.grid.has(c.code)))
      .map((c) => row('grid', c.code, { nameZh: c.nameZh, nameEn: c.nameEn, districtCode: c.districtCode }));
    const workerRows = [...window.by.person.keys()].flatMap((id) => {
      const u = people.get(id);
      return u?.role === 'grid_worker' ? [row('person', id, { nameZh: u.displayName, nameEn: u.displayName, districtCode: u.districtCode })] : [];
    });
    const unitNames = new Map(units.map((u) => [u.code, u]));
    const unitRows = [...window.by.unit.keys()].map((code) =>
      row('unit', code, { nameZh: unitNames.get(code)?.nameZh ?? code, nameEn: unitNames.get(code)?.nameEn ?? code, districtCode: null }),
    );
    const categoryRows = [...window.by.category.keys()]
      .map((code) => row('category', code, { nameZh: categories.get(code)?.nameZh ?? code, nameEn: categories.get(code)?.nameEn ?? code, districtCode: null }))
      .sort((a, b) => b.reported - a.reported || a.code.localeCompare(b.code));

    const p = window.total;
    const returned = p.returned;
    return {
      generatedAt: now.toISOString(),
      window: { from: q.from, to: q.to, fromInstant: fromInstant.toISOString(), toInstant: toInstant.toISOString(), days: datesBetween(q.from, q.to).length },
      district,
      totals: {
        reported: p.new,
        filed: p.filed,
        dispatched: p.dispatched,
        handled: p.handled,
        closed: p.closed,
        voided: p.voided,
        selfDisposedClosed: p.self_closed,
        overdue: p.became_overdue,
        overdueOpen: p.overdue_open,
        open: p.open_now,
        suspended: p.suspended_now,
        extended: p.due_extended,
        returned,
        reworks: p.reworks,
        escalated: p.escalated,
      },
      rates: {
        ...ratesOf(p, this.minBase),
        resolutionRate: rateOf(p.filed_closed, p.filed, this.minBase),
        extensionRate: rateOf(p.due_extended, p.due, this.minBase),
        returnRate: rateOf(returned, p.dispatched, this.minBase),
        selfDisposalRate: rateOf(p.self_closed, p.filed, this.minBase),
      },
      bases: basesOf(p),
      minBase: this.minBase,
      timeToAccept: durationOf(p.accept_n, p.accept_min, window.durations.accept),
      timeToHandle: durationOf(p.handle_n, p.handle_min, window.durations.handle),
      timeToClose: durationOf(p.close_n, p.close_min, window.durations.close),
      districts: rankByScore(districtRows),
      gridCells: rankByScore(gridRows),
      workers: rankByScore(workerRows),
      units: rankByScore(unitRows),
      categories: rankByScore(categoryRows),
      sources: SOURCES.map((source: Source) => ({
        source,
        reported: window.by.source.get(source)?.new ?? 0,
        closed: window.by.source.get(source)?.closed ?? 0,
      })),
      trend,
    };
  }

  private rankRow(
    code: string,
    names: { nameZh: string; nameEn: string; districtCode: DistrictCode | null },
    counts: PeriodCounts | undefined,
  ): Omit<AnalyticsRankRow, 'rank'> {
    const p = counts ?? EMPTY_PERIOD;
    const rates = ratesOf(p, this.minBase);
    const meanHandling = ratio(p.handle_min, p.handle_n);
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
      returns: p.returned,
      reworks: p.reworks,
      meanHandlingMinutes: meanHandling === null ? null : Math.round(meanHandling * 10) / 10,
      score: scoreOf(p, this.weights, this.minBase),
    };
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
