import { Inject, Injectable } from '@nestjs/common';
import {
  KPI_TARGET,
  type ActionList,
  type BoardStats,
  type DistrictLeagueRow,
  type HotCategoryRow,
  type KpiPeriod,
  type LeagueRow,
  type SourceMixRow,
} from '@gridops/contracts';
import {
  SOURCES,
  addDays,
  firstOfMonth,
  parseScoreWeights,
  rankByScore,
  readScope,
  townDateOf,
  townDayStart,
  type Actor,
  type DistrictCode,
  type ScoreWeights,
  type Source,
} from '@gridops/domain';
import { LAST_EVENT_SEQ_SQL } from '../cases/case-event-seq';
import { DirectoryService } from '../directory/directory.service';
import { TownGeographyService } from '../directory/town-geography.service';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';
import { EMPTY_PERIOD, EMPTY_SNAPSHOT, OPEN, addCounts, countColumns, readCounts, snapshotConditions, type PeriodCounts, type SnapshotCounts } from './kpi-sql';
import { basesOf, ratesOf, scoreOf } from './kpi-view';
import { KpiCountsService, emptyWindow, mergeWindows, type WindowCounts } from './kpi-counts.service';
import { MEASURE_NAMES, type MeasureName } from '../cases/kpi-measures';
import type { RollupDim } from './kpi-rollup-sql';
import { caseScopeSql } from '../cases/case-scope';
import { LIVE_CASES, seqAtSql, type CaseRows } from '../cases/cases-at';
import { SqlParams } from '../platform/database/sql-params';
import { ReadDatabase } from '../platform/read-replica/read-database';
import { resolveDistrict } from './stats-scope';
import { BoardListsService, type Window } from './board-lists.service';

/** The rollup dims the board reads: all but the duration histograms. */
const BOARD_DIMS: readonly RollupDim[] = ['grid', 'person', 'unit', 'category', 'source'];

/** Rows of each hot-category list. */
export const HOT_CATEGORY_COUNT = 10;

type Row = Record<string, unknown>;


/**
 * The live board (一屏观天下) in one answer: KPI strip for today and the month, source mix, 片区 league with grid
 * drill-down, hot categories, trend, action lists and duty. The period figures come from the KPI rollups (with the
 * cases in flight, KpiCountsService); the live state from the open set — none of it grows with the history. Concurrent requests for
 * the same scope share one computation.
 */
@Injectable()
export class BoardStatsService {
  private readonly weights: ScoreWeights;
  private readonly minBase: number;
  private readonly inFlight = new Map<string, Promise<BoardStats>>();

  constructor(
    private readonly reads: ReadDatabase,
    private readonly counts: KpiCountsService,
    private readonly directory: DirectoryService,
    private readonly geography: TownGeographyService,
    private readonly lists: BoardListsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.weights = parseScoreWeights(config.KPI_SCORE_WEIGHTS);
    this.minBase = config.KPI_MIN_BASE;
  }

  board(actor: Actor, askedDistrict: DistrictCode | undefined, now?: Date): Promise<BoardStats> {
    const district = resolveDistrict(actor, askedDistrict);
    if (now) return this.compute(actor, district, now, LIVE_CASES);
    // single flight: a burst of boards refreshing at once costs one computation per read scope, never a stale one
    const key = JSON.stringify([readScope(actor), district]);
    let running = this.inFlight.get(key);
    if (!running) {
      running = this.compute(actor, district, new Date(), LIVE_CASES).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, running);
    }
    return running;
  }

  /**
   * 回放: the board as it was at `at` (checked by ReplayWindow: past, within the replay window) — the same computation
   * on the case rows of that moment (cases-at.ts), taken at the last event at or before it.
   */
  async replay(actor: Actor, askedDistrict: DistrictCode | undefined, rows: CaseRows & { at: Date }): Promise<BoardStats> {
    const district = resolveDistrict(actor, askedDistrict);
    const [board, feed] = await Promise.all([this.compute(actor, district, rows.at, rows), this.lists.feedAt(actor, district, rows.at)]);
    return { ...board, replay: { at: rows.at.toISOString(), feed } };
  }

  private async compute(actor: Actor, district: DistrictCode | null, now: Date, rows: CaseRows): Promise<BoardStats> {
    const today = townDateOf(now);
    const w: Window = { now, rows, today, todayStart: townDayStart(today), monthStart: townDayStart(firstOfMonth(today)) };
    // read before the figures and where they are read (the replica, when reads go there; their queries run side by
    // side, each in its own snapshot): they hold at least this
    const [{ seq }] = (
      rows.at ? await this.reads.query(`SELECT ${seqAtSql('$1')} AS seq`, [rows.at]) : await this.reads.query(`SELECT ${LAST_EVENT_SEQ_SQL} AS seq`)
    ) as { seq: string }[];
    const [{ grouped, trend }, lists, duty, categories, districts, allCells] = await Promise.all([
      this.periods(actor, district, w),
      this.lists.actionLists(actor, district, w),
      this.lists.duty(district, w),
      this.directory.categoriesByCode(),
      this.geography.districts(),
      this.geography.allCells(),
    ]);
    // the current map's cells, and retired ones while cases placed in them count (a case keeps its cell)
    const cells = allCells.filter((c) => c.retiredVersion === null || grouped.grids.has(c.code));

    // the KPI strip: sums over the grid rows
    let snapshot = EMPTY_SNAPSHOT;
    let todayCounts = EMPTY_PERIOD;
    let monthCounts = EMPTY_PERIOD;
    for (const g of grouped.grids.values()) {
      snapshot = addCounts(snapshot, g.snapshot);
      todayCounts = addCounts(todayCounts, g.today);
      monthCounts = addCounts(monthCounts, g.month);
    }

    const league = districts
      .filter((d) => !district || d.code === district)
      .map((d) => {
        const gridRows = cells
          .filter((c) => c.districtCode === d.code)
          .map((c) => this.leagueRow(c.code, c.nameZh, c.nameEn, grouped.grids.get(c.code)));
        let sum: GridCounts = { snapshot: EMPTY_SNAPSHOT, today: EMPTY_PERIOD, month: EMPTY_PERIOD };
        for (const c of cells.filter((x) => x.districtCode === d.code)) {
          const g = grouped.grids.get(c.code);
          if (g) sum = { snapshot: addCounts(sum.snapshot, g.snapshot), today: addCounts(sum.today, g.today), month: addCounts(sum.month, g.month) };
        }
        return { ...this.leagueRow(d.code, d.nameZh, d.nameEn, sum), code: d.code, grids: rankByScore(gridRows) };
      });

    const hot = (pick: (r: CategoryCounts) => [number, number]): HotCategoryRow[] =>
      [...grouped.categories.entries()]
        .map(([code, r]) => {
          const [count, previousCount] = pick(r);
          const cat = categories.get(code);
          return { code, nameZh: cat?.nameZh ?? code, nameEn: cat?.nameEn ?? code, count, previousCount };
        })
        .filter((r) => r.count > 0)
        .sort((a, b) => b.count - a.count || b.count - b.previousCount - (a.count - a.previousCount) || a.code.localeCompare(b.code))
        .slice(0, HOT_CATEGORY_COUNT);

    const sources: SourceMixRow[] = SOURCES.map((source) => ({ source, today: grouped.sources.get(source)?.today ?? 0, month: grouped.sources.get(source)?.month ?? 0 }));

    const withNames = (list: ActionList): ActionList => ({
      total: list.total,
      items: list.items.map((i) => ({ ...i, categoryNameZh: categories.get(i.categoryCode)?.nameZh ?? i.categoryCode })),
    });

    return {
      generatedAt: now.toISOString(),
      seq,
      today,
      district,
      kpis: {
        today: this.kpiPeriod(w.todayStart, todayCounts, snapshot),
        month: this.kpiPeriod(w.monthStart, monthCounts, snapshot),
        target: KPI_TARGET,
        minBase: this.minBase,
      },
      sources,
      districts: rankByScore(league) as DistrictLeagueRow[],
      hotCategories: { today: hot((r) => [r.today, r.yesterday]), week: hot((r) => [r.week, r.previousWeek]) },
      trend: { days7: trend.slice(-7), days30: trend },
      actionLists: {
        overdue: withNames(lists.overdue),
        supervised: withNames(lists.supervised),
        returnRequests: withNames(lists.returnRequests),
        extensionRequests: withNames(lists.extensionRequests),
      },
      duty,
    };
  }

  private kpiPeriod(from: Date, c: PeriodCounts, s: SnapshotCounts): KpiPeriod {
    return {
      from: from.toISOString(),
      new: c.new,
      filed: c.filed,
      closed: c.closed,
      becameOverdue: c.became_overdue,
      open: s.open,
      awaiting: s.awaiting,
      inProgress: s.in_progress,
      nearDue: s.near_due,
      overdue: s.overdue,
      supervised: s.supervised,
      suspended: s.suspended,
      rates: ratesOf(c, this.minBase),
      bases: basesOf(c),
    };
  }

  /** League figures: open and red now, closed today; rates and score over the month to date. */
  private leagueRow(code: string, nameZh: string, nameEn: string, g: GridCounts | undefined): Omit<LeagueRow, 'rank'> {
    const snapshot = g?.snapshot ?? EMPTY_SNAPSHOT;
    const month = g?.month ?? EMPTY_PERIOD;
    const rates = ratesOf(month, this.minBase);
    return {
      code,
      nameZh,
      nameEn,
      open: snapshot.open,
      overdue: snapshot.overdue,
      closedToday: g?.today.closed ?? 0,
      onTimeRate: rates.onTimeRate,
      grassRootsRate: rates.grassRootsRate,
      closureRate: rates.closureRate,
      score: scoreOf(month, this.weights, this.minBase),
    };
  }

  /**
   * The period figures and the trend. Live: the windows each from KpiCountsService.window (the rollups and the cases
   * in flight) and the trend beside them. Replayed: every window and the trend from one read of the case rows as
   * they were (KpiCountsService.replayed) — the rollups hold the days as they are now, and reading the versions once
   * per window cost a town board seconds at 1 M cases.
   */
  private async periods(actor: Actor, district: DistrictCode | null, w: Window) {
    const yesterday = addDays(w.today, -1);
    const spans = {
      today: [w.today, w.today],
      monthPast: [firstOfMonth(w.today), yesterday],
      yesterday: [yesterday, yesterday],
      weekPast: [addDays(w.today, -6), yesterday],
      previousWeek: [addDays(w.today, -13), addDays(w.today, -7)],
    } as const;
    const trendFirst = addDays(w.today, -29);
    if (w.rows.at) {
      // what the board reads of each window: all of today's and the month's measures (strip, league, mix); the
      // reports per category of the others (hot lists)
      const all = MEASURE_NAMES;
      const news: MeasureName[] = ['new'];
      const [replayed, snapshots] = await Promise.all([
        this.counts.replayed(
          actor,
          district,
          {
            today: { first: spans.today[0], last: spans.today[1], measures: all },
            monthPast: { first: spans.monthPast[0], last: spans.monthPast[1], measures: all },
            yesterday: { first: spans.yesterday[0], last: spans.yesterday[1], measures: news },
            weekPast: { first: spans.weekPast[0], last: spans.weekPast[1], measures: news },
            previousWeek: { first: spans.previousWeek[0], last: spans.previousWeek[1], measures: news },
          },
          { first: trendFirst, last: w.today },
          w.now,
          w.rows,
        ),
        this.snapshots(actor, district, w),
      ]);
      const r = replayed.windows;
      return { grouped: this.grouped(r.today, r.monthPast, r.yesterday, r.weekPast, r.previousWeek, snapshots), trend: replayed.trend };
    }
    const past = ([first, last]: readonly [string, string], dims: RollupDim[]) =>
      first <= last ? this.counts.window(actor, district, first, last, w.now, dims, w.rows) : Promise.resolve(emptyWindow());
    const [today, monthPast, yesterdayW, weekPast, previousWeek, snapshots, trend] = await Promise.all([
      // every dim but the duration histograms (the board shows none)
      this.counts.window(actor, district, w.today, w.today, w.now, BOARD_DIMS, w.rows),
      past(spans.monthPast, ['grid', 'source']),
      past(spans.yesterday, ['category']),
      past(spans.weekPast, ['category']),
      past(spans.previousWeek, ['category']),
      this.snapshots(actor, district, w),
      this.counts.trend(actor, district, trendFirst, w.today, w.now, w.rows),
    ]);
    return { grouped: this.grouped(today, monthPast, yesterdayW, weekPast, previousWeek, snapshots), trend };
  }

  /**
   * The measures of today, the month, yesterday and the two last weeks (today counted once and added to each period
   * that holds it) and the live state of the open cases, rolled up per grid cell (KPI strip and league), per source
   * (mix) and per category (hot list).
   */
  private grouped(
    today: WindowCounts,
    monthPast: WindowCounts,
    yesterdayW: WindowCounts,
    weekPast: WindowCounts,
    previousWeek: WindowCounts,
    snapshots: Map<string, SnapshotCounts>,
  ) {
    const month = mergeWindows([monthPast, today]);
    const grids = new Map<string, GridCounts>();
    for (const code of new Set([...today.by.grid.keys(), ...month.by.grid.keys(), ...snapshots.keys()])) {
      grids.set(code, {
        snapshot: snapshots.get(code) ?? EMPTY_SNAPSHOT,
        today: today.by.grid.get(code) ?? EMPTY_PERIOD,
        month: month.by.grid.get(code) ?? EMPTY_PERIOD,
      });
    }
    const sources = new Map<Source, { today: number; month: number }>();
    for (const source of SOURCES) sources.set(source, { today: today.by.source.get(source)?.new ?? 0, month: month.by.source.get(source)?.new ?? 0 });
    const categories = new Map<string, CategoryCounts>();
    const newOf = (win: WindowCounts, code: string) => win.by.category.get(code)?.new ?? 0;
    for (const code of new Set([...today.by.category.keys(), ...weekPast.by.category.keys(), ...previousWeek.by.category.keys()])) {
      categories.set(code, {
        today: newOf(today, code),
        yesterday: newOf(yesterdayW, code),
        week: newOf(weekPast, code) + newOf(today, code),
        previousWeek: newOf(previousWeek, code),
      });
    }
    return { grids, sources, categories };
  }

  /** The live state of the open cases (the small open set, partial indexes), per grid cell. */
  private async snapshots(actor: Actor, district: DistrictCode | null, w: Window): Promise<Map<string, SnapshotCounts>> {
    const p = new SqlParams();
    const now = p.add(w.now);
    const scope = caseScopeSql(actor, 'c', p, district);
    const rows = (await this.reads.query(
      `SELECT c.grid_cell_code, ${countColumns(snapshotConditions(now))}
         FROM ${w.rows.from(p, 'c')}
        WHERE ${scope} AND ${OPEN}
        GROUP BY c.grid_cell_code`,
      p.values,
    )) as Row[];
    return new Map(rows.map((r) => [String(r.grid_cell_code), readCounts(r, EMPTY_SNAPSHOT)]));
  }

}

interface GridCounts {
  snapshot: SnapshotCounts;
  today: PeriodCounts;
  month: PeriodCounts;
}

interface CategoryCounts {
  today: number;
  yesterday: number;
  week: number;
  previousWeek: number;
}
