import { z } from 'zod';
import { DISTRICT_CODES, type DistrictCode, type Source } from '@gridops/domain';
import { localDate, type KpiRates, type KpiBases, type TrendPoint } from './stats';

/** Figures for 统计考核 (analytics) over any window; how each is counted: docs/kpis.md. */
/* ------------------------------------------------------------------------------------------------------------ */
/* GET /api/v1/stats/analytics                                                                                    */
/* ------------------------------------------------------------------------------------------------------------ */

/** The longest window analytics answer for. */
export const ANALYTICS_MAX_DAYS = 366;

/** The window and cut of an analytics request: Shanghai dates, at most ANALYTICS_MAX_DAYS, and an optional 片区. */
export const analyticsWindowShape = {
  /** first Shanghai date, inclusive */
  from: localDate,
  /** last Shanghai date, inclusive */
  to: localDate,
  district: z.enum(DISTRICT_CODES).optional(),
};

/** The window's rules on any query object that carries `from` and `to` (the analytics answer and its exports). */
export const withAnalyticsWindowChecks = <T extends z.ZodType<{ from: string; to: string }>>(schema: T) =>
  schema
    .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] })
    .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1 <= ANALYTICS_MAX_DAYS, {
      message: `the window may span at most ${ANALYTICS_MAX_DAYS} days`,
      path: ['to'],
    });

export const analyticsQuerySchema = withAnalyticsWindowChecks(z.strictObject(analyticsWindowShape));
export type AnalyticsQuery = z.infer<typeof analyticsQuerySchema>;

export interface DurationStats {
  /** cases measured */
  count: number;
  meanMinutes: number | null;
  medianMinutes: number | null;
}

export interface AnalyticsTotals {
  /** 上报: reports received */
  reported: number;
  /** 立案 */
  filed: number;
  /** 派遣: cases whose (latest) dispatch is in the window */
  dispatched: number;
  /** 处置 (handled or self-disposed) */
  handled: number;
  /** 结案 */
  closed: number;
  /** 作废 among those reported */
  voided: number;
  /** 自处置 and closed, among those filed */
  selfDisposedClosed: number;
  /** handling deadlines in the window that were missed (handled late, or still not handled) */
  overdue: number;
  /** of overdue: the fix is still not reported now */
  overdueOpen: number;
  /** open now, reported in the window */
  open: number;
  /** 挂账 now, reported in the window */
  suspended: number;
  /** 延期: of 应结案数, cases with an approved extension */
  extended: number;
  /** 回退: approved returns in the window */
  returned: number;
  /** 返工次数: reworks (failed checks, dissatisfied callbacks) of the cases handled in the window */
  reworks: number;
  /** cases escalated to district (上提区级), among those reported */
  escalated: number;
}

export interface AnalyticsRates extends KpiRates {
  /** 解决率: of the cases filed in the window, how many are closed now */
  resolutionRate: number | null;
  /** 延期率 = extended ÷ 应结案数 */
  extensionRate: number | null;
  /** 回退率 = returns ÷ dispatches */
  returnRate: number | null;
  /** 自处置率 = self-disposed and closed ÷ filed */
  selfDisposalRate: number | null;
}

/** One ranked row (片区, grid cell, grid worker, unit or category). */
export interface AnalyticsRankRow {
  code: string;
  nameZh: string;
  nameEn: string;
  /** grid cells, workers: their 片区 */
  districtCode: DistrictCode | null;
  reported: number;
  handled: number;
  closed: number;
  dueToClose: number;
  closedOnTime: number;
  onTimeRate: number | null;
  closureRate: number | null;
  overdue: number;
  returns: number;
  reworks: number;
  /** mean minutes from dispatch to the fix reported */
  meanHandlingMinutes: number | null;
  score: number | null;
  rank: number;
}

export interface AnalyticsStats {
  generatedAt: string;
  /** the window as asked, with its instants */
  window: { from: string; to: string; fromInstant: string; toInstant: string; days: number };
  district: DistrictCode | null;
  totals: AnalyticsTotals;
  rates: AnalyticsRates;
  bases: KpiBases;
  /** a rate whose base is below this is null (shown "—"): KPI_MIN_BASE */
  minBase: number;
  /** MTTA 平均签收时长: accept − dispatch */
  timeToAccept: DurationStats;
  /** dispatch → fix reported */
  timeToHandle: DurationStats;
  /** MTTR 平均处置时长 per domain.md: close − file */
  timeToClose: DurationStats;
  districts: AnalyticsRankRow[];
  gridCells: AnalyticsRankRow[];
  /** grid workers who handled or were assigned work in the window (code = user id) */
  workers: AnalyticsRankRow[];
  /** 处置单位 (code = unit code): returns per unit matter (推诿/回退率) */
  units: AnalyticsRankRow[];
  /** by category, most reported first */
  categories: AnalyticsRankRow[];
  /** by source */
  sources: { source: Source; reported: number; closed: number }[];
  /** per day in the window */
  trend: TrendPoint[];
}
