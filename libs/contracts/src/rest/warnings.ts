import { z } from 'zod';
import { DISTRICT_CODES, type DayKind, type DistrictCode, type TrendWindow } from '@gridops/domain';
import { LIMITS } from './common';

/**
 * 趋势预警 trend warnings (docs/kpis.md "Trend warnings"): a 片区 × category whose recent count rose well above its
 * own baseline. Raised by the worker's `trends.detect` job; read at `GET /api/v1/warnings`, acknowledged at
 * `POST /api/v1/warnings/:id/acknowledge`.
 */

/** Which warnings a list shows: not yet acknowledged (default), acknowledged, or both. */
export const WARNING_STATUSES = ['open', 'acknowledged', 'all'] as const;
export type WarningStatus = (typeof WARNING_STATUSES)[number];

/** `GET /api/v1/warnings`, newest first. */
export const listWarningsQuerySchema = z.strictObject({
  status: z.enum(WARNING_STATUSES).default('open'),
  /** `true`: only warnings still raised (not cleared by a later run) — what the board shows */
  active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  district: z.enum(DISTRICT_CODES).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(50),
  /** the `id` of the last warning of the previous page */
  cursor: z.string().regex(/^\d{1,18}$/, 'cursor is a warning id').optional(),
});
export type ListWarningsQuery = z.input<typeof listWarningsQuerySchema>;

/** `:id` of a warning. */
export const warningIdSchema = z.string().regex(/^\d{1,18}$/, 'a warning id is a number');

export interface TrendWarningView {
  id: string;
  districtCode: DistrictCode;
  categoryCode: string;
  categoryNameZh: string;
  categoryNameEn: string;
  window: TrendWindow;
  /** cases reported in the window */
  observed: number;
  /** what the window usually holds at this time on a day of this kind (the floored baseline mean) */
  expected: number;
  baselineDays: number;
  dayKind: DayKind;
  /** P(X ≥ observed | expected), Poisson */
  pValue: number;
  /** the warning's sentence, Chinese first ("金沙 · 暴露垃圾: 近2小时 9 起，往常同时段约 1.5 起") */
  message: { zh: string; en: string };
  windowStart: string;
  windowEnd: string;
  raisedAt: string;
  /** a later run found the rise over; null while it is still raised */
  clearedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: { id: string; name: string } | null;
  /** the case list's filters that find the cases behind the warning (GET /api/v1/cases?…) */
  casesQuery: { district: DistrictCode; category: string; from: string; to: string };
}
