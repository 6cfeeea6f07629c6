import { TOWN_UTC_OFFSET_MINUTES } from './town-time';

/**
 * Units a time limit can be counted in (domain.md §5). Persisted in `categories.limit_unit`: never rename them.
 * - working_hours 工作时: only office hours on workdays count
 * - working_days  工作日: N × the length of one office day, counted like working hours
 * - natural_hours 自然时: wall-clock hours (urgent classes)
 */
export const LIMIT_UNITS = ['working_hours', 'working_days', 'natural_hours'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];

export interface TimeLimit {
  amount: number;
  unit: LimitUnit;
}

/**
 * A working calendar. All dates are local dates in the town's zone (Asia/Shanghai, UTC+8, no DST).
 * `holidays` are days off even when they fall Mon–Fri; `adjustedWorkdays` (调休上班) are workdays even on a weekend.
 */
export interface CalendarConfig {
  /** minutes east of UTC; Shanghai is 480 */
  utcOffsetMinutes: number;
  /** office hours, "HH:MM" local */
  workdayStart: string;
  workdayEnd: string;
  /** 0 = Sunday … 6 = Saturday */
  weekendDays: number[];
  /** "YYYY-MM-DD" */
  holidays: string[];
  /** "YYYY-MM-DD" */
  adjustedWorkdays: string[];
}

export const DEFAULT_CALENDAR_CONFIG: CalendarConfig = {
  utcOffsetMinutes: TOWN_UTC_OFFSET_MINUTES,
  workdayStart: '08:30',
  workdayEnd: '17:30',
  weekendDays: [0, 6],
  holidays: [],
  adjustedWorkdays: [],
};

/** Traffic light (红黄绿灯) of a running deadline. */
export const LIGHTS = ['green', 'yellow', 'red'] as const;
export type Light = (typeof LIGHTS)[number];

/** Yellow (预警) when this fraction of the limit has elapsed. Default from domain.md §5; configurable. */
export const DEFAULT_YELLOW_FRACTION = 0.8;
