import type { TrendWarningView } from '@gridops/contracts';
import { DISTRICT_NAMES, trendMessage, type DayKind, type DistrictCode, type TrendWindow } from '@gridops/domain';

/** The columns of a warning as its view needs them (`FROM trend_warnings w` with its category and acknowledger). */
export const TREND_WARNING_COLUMNS = `w.id::text AS id, w.district_code, w.category_code, w.time_window, w.observed, w.expected, w.baseline_days, w.day_kind,
  w.p_value, w.window_start, w.window_end, w.raised_at, w.cleared_at, w.acknowledged_at, w.acknowledged_by, u.display_name AS acknowledged_by_name,
  c.name_zh AS category_name_zh, c.name_en AS category_name_en
  FROM trend_warnings w LEFT JOIN categories c ON c.code = w.category_code LEFT JOIN users u ON u.id = w.acknowledged_by`;

export interface TrendWarningRow {
  id: string;
  district_code: DistrictCode;
  category_code: string;
  time_window: TrendWindow;
  observed: number;
  expected: number;
  baseline_days: number;
  day_kind: DayKind;
  p_value: number;
  window_start: Date;
  window_end: Date;
  raised_at: Date;
  cleared_at: Date | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
  category_name_zh: string | null;
  category_name_en: string | null;
}

export function toWarningView(r: TrendWarningRow): TrendWarningView {
  const names = DISTRICT_NAMES[r.district_code];
  const categoryNameZh = r.category_name_zh ?? r.category_code;
  const categoryNameEn = r.category_name_en ?? r.category_code;
  const expected = Number(r.expected);
  return {
    id: r.id,
    districtCode: r.district_code,
    categoryCode: r.category_code,
    categoryNameZh,
    categoryNameEn,
    window: r.time_window,
    observed: Number(r.observed),
    expected,
    baselineDays: Number(r.baseline_days),
    dayKind: r.day_kind,
    pValue: Number(r.p_value),
    message: trendMessage({ window: r.time_window, observed: Number(r.observed), expected }, { districtZh: names?.zh ?? r.district_code, districtEn: names?.en ?? r.district_code, categoryZh: categoryNameZh, categoryEn: categoryNameEn }),
    windowStart: r.window_start.toISOString(),
    windowEnd: r.window_end.toISOString(),
    raisedAt: r.raised_at.toISOString(),
    clearedAt: r.cleared_at?.toISOString() ?? null,
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: r.acknowledged_by ? { id: r.acknowledged_by, name: r.acknowledged_by_name ?? '' } : null,
    casesQuery: { district: r.district_code, category: r.category_code, from: r.window_start.toISOString(), to: r.window_end.toISOString() },
  };
}
