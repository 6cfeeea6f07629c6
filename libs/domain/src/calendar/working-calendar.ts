import { CalendarConfig, LimitUnit, TimeLimit } from './calendar.types';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** 1970-01-01 was a Thursday; day index 0 therefore has weekday 4. */
const EPOCH_WEEKDAY = 4;
/**
 * Ten years of consecutive days off means the calendar has no workdays at all (e.g. every weekday
 * marked as weekend); fail loudly instead of spinning forever.
 */
export const MAX_NON_WORKING_SCAN_DAYS = 3660;

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes since local midnight, or throws naming the offending field. */
function parseHhmm(value: unknown, field: string): number {
  const m = typeof value === 'string' ? HHMM.exec(value) : null;
  if (!m) throw new Error(`WorkingCalendar: ${field} must be "HH:MM" (00:00–23:59), got ${JSON.stringify(value)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * Days since 1970-01-01 of a local calendar date. Round-tripping through Date.UTC rejects
 * dates such as 2026-02-30 that the regex alone would let through.
 */
function parseLocalDate(value: unknown, field: string): number {
  const m = typeof value === 'string' ? YMD.exec(value) : null;
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const ms = Date.UTC(y, mo - 1, d);
    const back = new Date(ms);
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) {
      return ms / DAY_MS;
    }
  }
  throw new Error(`WorkingCalendar: ${field} must be a real date "YYYY-MM-DD", got ${JSON.stringify(value)}`);
}

function instantMs(value: Date, field: string): number {
  const ms = value instanceof Date ? value.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new Error(`WorkingCalendar: ${field} must be a valid Date`);
  return ms;
}

function minutesToMs(minutes: number, field: string): number {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new Error(`WorkingCalendar: ${field} must be a finite number >= 0, got ${minutes}`);
  }
  // Whole milliseconds keep the arithmetic exact; fractional minutes (e.g. 0.5 h limits) are allowed.
  return Math.round(minutes * MINUTE_MS);
}

/**
 * Office-hours calendar of the town (工作日历). All maths works on "local epoch ms" — UTC epoch ms
 * shifted by the fixed offset — read with UTC getters, so no Intl/tz database is needed
 * (Shanghai has no DST).
 *
 * Office hours are the half-open window [workdayStart, workdayEnd): 17:30 itself is not a working
 * instant, but a count may end exactly on it.
 */
export class WorkingCalendar {
  /** Length of one office day in minutes (540 for 08:30–17:30); one 工作日 of a limit. */
  readonly workdayMinutes: number;

  private readonly offsetMs: number;
  private readonly openMs: number;
  private readonly closeMs: number;
  private readonly weekend: ReadonlySet<number>;
  private readonly holidays: ReadonlySet<number>;
  private readonly adjusted: ReadonlySet<number>;

  constructor(config: CalendarConfig) {
    if (!config || typeof config !== 'object') throw new Error('WorkingCalendar: config is required');
    const { utcOffsetMinutes } = config;
    if (!Number.isInteger(utcOffsetMinutes) || Math.abs(utcOffsetMinutes) > 14 * 60) {
      throw new Error(`WorkingCalendar: utcOffsetMinutes must be an integer in [-840, 840], got ${utcOffsetMinutes}`);
    }
    const open = parseHhmm(config.workdayStart, 'workdayStart');
    const close = parseHhmm(config.workdayEnd, 'workdayEnd');
    if (open >= close) {
      throw new Error(
        `WorkingCalendar: workdayStart (${config.workdayStart}) must be before workdayEnd (${config.workdayEnd})`,
      );
    }
    if (!Array.isArray(config.weekendDays)) throw new Error('WorkingCalendar: weekendDays must be an array');
    for (const d of config.weekendDays) {
      if (!Number.isInteger(d) || d < 0 || d > 6) {
        throw new Error(`WorkingCalendar: weekendDays entries must be integers 0 (Sun)..6 (Sat), got ${d}`);
      }
    }
    const dateSet = (list: unknown, field: string): Set<number> => {
      if (!Array.isArray(list)) throw new Error(`WorkingCalendar: ${field} must be an array`);
      return new Set(list.map((v) => parseLocalDate(v, field)));
    };
    const holidays = dateSet(config.holidays, 'holidays');
    const adjusted = dateSet(config.adjustedWorkdays, 'adjustedWorkdays');
    for (const day of holidays) {
      if (adjusted.has(day)) {
        throw new Error(
          `WorkingCalendar: ${dateOfDayIndex(day)} is both a holiday and an adjusted workday (调休上班); pick one`,
        );
      }
    }

    this.offsetMs = utcOffsetMinutes * MINUTE_MS;
    this.openMs = open * MINUTE_MS;
    this.closeMs = close * MINUTE_MS;
    this.workdayMinutes = close - open;
    this.weekend = new Set(config.weekendDays);
    this.holidays = holidays;
    this.adjusted = adjusted;
  }

  /** Adjusted workdays (调休上班) beat the weekend; holidays (节假日) beat Mon–Fri. */
  isWorkday(localDate: string): boolean {
    return this.isWorkdayIndex(parseLocalDate(localDate, 'localDate'));
  }

  /** "YYYY-MM-DD" of the instant in the calendar's zone. */
  localDateOf(instant: Date): string {
    const local = instantMs(instant, 'instant') + this.offsetMs;
    return dateOfDayIndex(Math.floor(local / DAY_MS));
  }

  /** True inside office hours [open, close) of a workday. */
  isWorkingInstant(instant: Date): boolean {
    const local = instantMs(instant, 'instant') + this.offsetMs;
    const day = Math.floor(local / DAY_MS);
    const t = local - day * DAY_MS;
    return this.isWorkdayIndex(day) && t >= this.openMs && t < this.closeMs;
  }

  /**
   * Moves forward by `minutes` of office time (fractions allowed, rounded to the millisecond).
   *
   * - From outside office hours, counting starts at the next opening.
   * - A count that is used up exactly at closing time ends at closing time that day (17:30),
   *   not at the next morning's opening: a case due "by end of day" is due at 17:30.
   * - `minutes = 0` returns the next working instant: `from` itself inside office hours,
   *   otherwise the next opening. Closing time itself is outside the half-open window, so
   *   (17:30, 0) → next workday 08:30. This makes a zero limit "due as soon as the office opens".
   */
  addWorkingMinutes(from: Date, minutes: number): Date {
    let remaining = minutesToMs(minutes, 'minutes');
    const local = instantMs(from, 'from') + this.offsetMs;
    let day = Math.floor(local / DAY_MS);
    let t = local - day * DAY_MS;
    let daysOff = 0;
    for (;;) {
      if (this.isWorkdayIndex(day)) {
        daysOff = 0;
        if (t < this.openMs) t = this.openMs;
        if (t < this.closeMs) {
          const available = this.closeMs - t;
          if (remaining <= available) return new Date(day * DAY_MS + t + remaining - this.offsetMs);
          remaining -= available;
        }
      } else if (++daysOff > MAX_NON_WORKING_SCAN_DAYS) {
        throw new Error(
          `WorkingCalendar: no workday within ${MAX_NON_WORKING_SCAN_DAYS} days after ${dateOfDayIndex(day - daysOff)}; check weekendDays/holidays`,
        );
      }
      day += 1;
      t = 0;
    }
  }

  /**
   * Office minutes in [a, b); 0 when b <= a. Fractional when the instants are not on whole minutes,
   * so that it is the exact inverse of addWorkingMinutes.
   */
  workingMinutesBetween(a: Date, b: Date): number {
    const from = instantMs(a, 'a') + this.offsetMs;
    const to = instantMs(b, 'b') + this.offsetMs;
    if (to <= from) return 0;
    const lastDay = Math.floor(to / DAY_MS);
    let total = 0;
    for (let day = Math.floor(from / DAY_MS); day <= lastDay; day++) {
      if (!this.isWorkdayIndex(day)) continue;
      const base = day * DAY_MS;
      const start = Math.max(from, base + this.openMs);
      const end = Math.min(to, base + this.closeMs);
      if (end > start) total += end - start;
    }
    return total / MINUTE_MS;
  }

  /** Deadline of a time limit (时限) started at `from`. */
  addLimit(from: Date, limit: TimeLimit): Date {
    const { amount, unit } = limit;
    if (!Number.isFinite(amount) || amount < 0) {
      throw new Error(`WorkingCalendar: limit amount must be a finite number >= 0, got ${amount}`);
    }
    switch (unit) {
      case 'working_hours':
        return this.addWorkingMinutes(from, amount * 60);
      case 'working_days':
        // One 工作日 is a full office day of minutes, not "same time on the Nth next workday".
        return this.addWorkingMinutes(from, amount * this.workdayMinutes);
      case 'natural_hours':
        return new Date(instantMs(from, 'from') + Math.round(amount * 60 * MINUTE_MS));
      default:
        throw new Error(`WorkingCalendar: unknown limit unit ${JSON.stringify(unit)}`);
    }
  }

  /** Minutes elapsed on the unit's own clock: office minutes for working units, wall-clock for natural. */
  elapsedMinutes(start: Date, now: Date, unit: LimitUnit): number {
    switch (unit) {
      case 'working_hours':
      case 'working_days':
        return this.workingMinutesBetween(start, now);
      case 'natural_hours':
        return Math.max(0, (instantMs(now, 'now') - instantMs(start, 'start')) / MINUTE_MS);
      default:
        throw new Error(`WorkingCalendar: unknown limit unit ${JSON.stringify(unit)}`);
    }
  }

  private isWorkdayIndex(day: number): boolean {
    if (this.adjusted.has(day)) return true;
    if (this.holidays.has(day)) return false;
    const weekday = (((day + EPOCH_WEEKDAY) % 7) + 7) % 7;
    return !this.weekend.has(weekday);
  }
}

function dateOfDayIndex(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
