import { z } from 'zod';
import {
  DISTRICT_CODES,
  type CaseEventType,
  type CaseState,
  type DistrictCode,
  type Light,
  type Priority,
  type ReturnReason,
  type Source,
} from '@gridops/domain';
import { isoInstant, type TakenAtSeq } from './common';

/**
 * Figures for the live board (一屏观天下), the open-case map and analytics (综合评价). How each figure is counted is
 * written down in docs/kpis.md; the comments here are the short version.
 */

/** A local date in the town's zone (Asia/Shanghai), `YYYY-MM-DD`. */
export const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'dates look like 2026-10-01')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a calendar date');

/** The 90% target of 基层解决率 and 按期结案率 (domain.md §1, §7). */
export const KPI_TARGET = 0.9;

/* ------------------------------------------------------------------------------------------------------------ */
/* GET /api/v1/stats/board                                                                                        */
/* ------------------------------------------------------------------------------------------------------------ */

/** 回放 (replay): how far back `at` may go, in days. */
export const REPLAY_WINDOW_DAYS = 90;

/**
 * 回放: a past moment (ISO 8601 with an offset) to answer as of — not in the future, at most REPLAY_WINDOW_DAYS back
 * (else 400). The answer is what the live one said then (docs/board.md, "Replay").
 */
export const replayAt = isoInstant;

export const boardQuerySchema = z.strictObject({
  /** narrow a town-level board to one 片区; a 片区-bound caller may only name its own (else 403) */
  district: z.enum(DISTRICT_CODES).optional(),
  /** 回放: the board as it was at this moment */
  at: replayAt.optional(),
});
export type BoardQuery = z.infer<typeof boardQuerySchema>;

/**
 * Rates are fractions in [0, 1], or null when their denominator is 0 (nothing to measure yet — show "—", not 0%).
 * - onTimeRate 按期结案率 = closed on time ÷ 应结案数 (due-to-close base, suspended cases left out)
 * - closureRate 结案率 = closed ÷ 应结案数
 * - reworkRate 返工率 = handled cases with ≥ 1 rework ÷ handled
 * - grassRootsRate 基层解决率 = closed without 上提区级 ÷ (closed + open cases escalated to district)
 */
export interface KpiRates {
  onTimeRate: number | null;
  closureRate: number | null;
  reworkRate: number | null;
  grassRootsRate: number | null;
}

/** The numbers behind the rates, so a screen can show "37 / 41" and drill to the cases. */
export interface KpiBases {
  /** 应结案数: handled in the period + handling deadline passed and not yet handled (suspended left out) */
  dueToClose: number;
  /** of dueToClose: closed now */
  closed: number;
  /** of dueToClose: closed, and the fix was reported by the (possibly extended) handling deadline */
  closedOnTime: number;
  /** handled in the period */
  handled: number;
  /** of handled: with at least one rework */
  reworked: number;
  /** closed in the period + open cases reported in the period that were escalated to district */
  grassRootsBase: number;
  /** of grassRootsBase: closed without escalation */
  grassRootsSolved: number;
}

/**
 * One period of the KPI strip. `new`, `filed`, `closed`, `becameOverdue` and the rates count the period;
 * `open`, `awaiting`, `inProgress`, `nearDue`, `overdue`, `supervised` and `suspended` are the live state of open
 * cases now (the same in both periods, carried in each so the strip renders either with one shape).
 */
export interface KpiPeriod {
  /** first instant of the period (Shanghai midnight) */
  from: string;
  /** 新增: reports received in the period (every source, void ones included) */
  new: number;
  /** 立案: cases filed (or self-disposed, which files them) in the period */
  filed: number;
  /** 结案: cases closed in the period (and still closed) */
  closed: number;
  /** 新增超期: handling deadlines that fell in the period and were not met */
  becameOverdue: number;
  /** every open case (neither CLOSED nor VOID) */
  open: number;
  /** 待受理/待核实/待立案/待派遣: open, not yet dispatched */
  awaiting: number;
  /** 处置中: dispatched/handled/checked, not closed, not suspended */
  inProgress: number;
  /** 预警 (yellow): the running clock passed 80% */
  nearDue: number;
  /** 超期 (red): the running clock passed its due instant */
  overdue: number;
  /** 督办: open and supervised */
  supervised: number;
  /** 挂账: suspended */
  suspended: number;
  rates: KpiRates;
  bases: KpiBases;
}

export interface SourceMixRow {
  source: Source;
  today: number;
  month: number;
}

/** A row of the 片区 league table, or of a district's grid cells when drilling down. */
export interface LeagueRow {
  /** district code, or grid cell code in `grids` */
  code: string;
  nameZh: string;
  nameEn: string;
  open: number;
  /** red now */
  overdue: number;
  closedToday: number;
  /** month to date (today alone is too few cases to rank on) */
  onTimeRate: number | null;
  grassRootsRate: number | null;
  closureRate: number | null;
  /** 综合指标值 0–100: weighted rates (weights in docs/kpis.md), null when nothing is measurable yet */
  score: number | null;
  /** 1 = best; equal scores share a rank; unscored rows come last */
  rank: number;
}

export interface DistrictLeagueRow extends LeagueRow {
  code: DistrictCode;
  grids: LeagueRow[];
}

export interface HotCategoryRow {
  code: string;
  nameZh: string;
  nameEn: string;
  count: number;
  /** the same length of time just before, to show a spike */
  previousCount: number;
}

export interface TrendPoint {
  /** Shanghai date */
  date: string;
  /** reports received that day */
  created: number;
  /** cases closed that day */
  closed: number;
}

/** A compact case line for the action lists. */
export interface ActionItem {
  id: string;
  number: string;
  state: CaseState;
  light: Light | null;
  priority: Priority;
  urgent: boolean;
  supervised: boolean;
  districtCode: DistrictCode;
  gridCellCode: string;
  categoryCode: string;
  categoryNameZh: string;
  assigneeUserId: string | null;
  assigneeUnitCode: string | null;
  /** display name of the assignee (person or unit) */
  assigneeName: string | null;
  /** when the running clock is due */
  clockDueAt: string | null;
  /** when the current step started: for requests, when it was asked */
  waitingSince: string;
  /** extension requests: the deadline asked for */
  requestedDueAt: string | null;
  /** return requests: the reason code */
  returnReason: ReturnReason | null;
  reportedAt: string;
}

export interface ActionList {
  /** how many there are in all */
  total: number;
  /** the most urgent first, at most 20 */
  items: ActionItem[];
}

export interface BoardActionLists {
  /** red, longest overdue first */
  overdue: ActionList;
  /** supervised (督办), earliest due first */
  supervised: ActionList;
  /** RETURN_REQUESTED waiting for the shift lead, oldest first */
  returnRequests: ActionList;
  /** EXTENSION_REQUESTED waiting for approval, earliest current deadline first */
  extensionRequests: ActionList;
}

export interface DutyPerson {
  userId: string;
  displayName: string;
  phone: string | null;
}

export interface DutyWorker extends DutyPerson {
  districtCode: DistrictCode | null;
  /** the cells they are on duty for now */
  gridCellCodes: string[];
  /** open cases assigned to them */
  openLoad: number;
}

export interface BoardDuty {
  /** Shanghai date */
  date: string;
  /** 今日值班长, from the duty roster */
  shiftLead: DutyPerson | null;
  /** grid workers on duty now, in the board's scope */
  workers: DutyWorker[];
}

export interface BoardStats extends TakenAtSeq {
  generatedAt: string;
  /** Shanghai date of "today" */
  today: string;
  /** the 片区 the figures are limited to (the caller's own, or the one asked for); null = whole town */
  district: DistrictCode | null;
  kpis: { today: KpiPeriod; month: KpiPeriod; target: number; /** a rate whose base is below this is null (shown "—"): KPI_MIN_BASE */ minBase: number };
  sources: SourceMixRow[];
  districts: DistrictLeagueRow[];
  hotCategories: { today: HotCategoryRow[]; week: HotCategoryRow[] };
  trend: { days7: TrendPoint[]; days30: TrendPoint[] };
  actionLists: BoardActionLists;
  duty: BoardDuty;
  /**
   * 回放 only (`at=`): the moment replayed and the feed as it stood then — the last REPLAY_FEED_SIZE case events at or
   * before it, newest first (live, the feed comes from the socket).
   */
  replay?: { at: string; feed: ReplayFeedLine[] };
}

/** Lines of a replayed feed. */
export const REPLAY_FEED_SIZE = 30;

/** One case event of a replayed feed, with where the case is and what it is about. */
export interface ReplayFeedLine {
  seq: string;
  type: CaseEventType;
  caseId: string;
  fromState: CaseState | null;
  toState: CaseState;
  at: string;
  number: string;
  districtCode: DistrictCode;
  gridCellCode: string;
  categoryCode: string;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* GET /api/v1/cases/open-map                                                                                     */
/* ------------------------------------------------------------------------------------------------------------ */

export const openMapQuerySchema = z.strictObject({
  /** narrow to one 片区 (inside the caller's scope) */
  district: z.enum(DISTRICT_CODES).optional(),
  /** 回放: the open cases as they were at this moment, their lights then */
  at: replayAt.optional(),
});
export type OpenMapQuery = z.infer<typeof openMapQuerySchema>;

/** The columns of each open-map row, in order. */
export const OPEN_MAP_FIELDS = [
  'id',
  'number',
  'lng',
  'lat',
  'light',
  'state',
  'category',
  'district',
  'grid',
  'priority',
  'supervised',
  'createdAt',
  'dueAt',
] as const;

/** One pin: [id, number, lng, lat, light, state, category, district, grid, priority, supervised, createdAt (reported), dueAt (running clock)] */
export type OpenMapRow = [
  id: string,
  number: string,
  lng: number,
  lat: number,
  light: Light | null,
  state: CaseState,
  category: string,
  district: DistrictCode,
  grid: string,
  priority: Priority,
  supervised: boolean,
  createdAt: string,
  dueAt: string | null,
];

/** Most pins one answer carries; more open cases than this set `truncated` (the most urgent are kept). */
export const OPEN_MAP_CAP = 20_000;

export interface OpenMap extends TakenAtSeq {
  generatedAt: string;
  fields: typeof OPEN_MAP_FIELDS;
  rows: OpenMapRow[];
  /** open cases in scope, even when truncated */
  total: number;
  truncated: boolean;
}
