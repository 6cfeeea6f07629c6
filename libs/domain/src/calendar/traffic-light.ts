import { DEFAULT_YELLOW_FRACTION, Light, LimitUnit } from './calendar.types';
import { WorkingCalendar } from './working-calendar';

export interface DeadlineClockArgs {
  startAt: Date;
  dueAt: Date;
  now: Date;
  unit: LimitUnit;
  calendar: WorkingCalendar;
  /** Yellow (预警) from this fraction of the limit; defaults to DEFAULT_YELLOW_FRACTION. */
  yellowFraction?: number;
}

export interface ThresholdArgs {
  startAt: Date;
  dueAt: Date;
  unit: LimitUnit;
  calendar: WorkingCalendar;
  /** 0.8 → when the light turns yellow, 1.0 → due, 2.0 → 200% (escalation 升级督办). */
  fraction: number;
}

const MINUTE_MS = 60_000;

/**
 * Thresholds are compared in whole milliseconds on both sides so that trafficLight turns yellow
 * exactly at thresholdInstant(0.8), with no floating-point drift between the two.
 */
function thresholdMs(totalMinutes: number, fraction: number): number {
  return Math.round(fraction * totalMinutes * MINUTE_MS);
}

function assertFraction(value: number, field: string, max: number): void {
  if (!Number.isFinite(value) || value < 0 || value > max) {
    throw new Error(`${field} must be a finite number in [0, ${max}], got ${value}`);
  }
}

/**
 * Share of the limit used up at `now`, on the unit's own clock (office minutes for working units),
 * so a night or a weekend does not turn a working-hours case yellow.
 * Not clamped: 1.5 means 150% of the limit has gone by, which escalation rules rely on.
 * A zero-length limit has nothing to divide: it reads 0 before the due instant and 1 from it.
 */
export function fractionElapsed(args: DeadlineClockArgs): number {
  const { startAt, dueAt, now, unit, calendar } = args;
  const total = calendar.elapsedMinutes(startAt, dueAt, unit);
  if (total <= 0) return now.getTime() >= dueAt.getTime() ? 1 : 0;
  return calendar.elapsedMinutes(startAt, now, unit) / total;
}

/**
 * Traffic light (红黄绿灯): red once `now` reaches the due instant (超期), yellow once
 * `yellowFraction` of the limit has elapsed (预警), green otherwise. Red is decided on the
 * wall-clock instant, not the fraction, so a case due Friday 17:30 is red all weekend.
 */
export function trafficLight(args: DeadlineClockArgs): Light {
  const yellowFraction = args.yellowFraction ?? DEFAULT_YELLOW_FRACTION;
  assertFraction(yellowFraction, 'yellowFraction', 1);
  const { startAt, dueAt, now, unit, calendar } = args;
  if (now.getTime() >= dueAt.getTime()) return 'red';
  const total = calendar.elapsedMinutes(startAt, dueAt, unit);
  if (total <= 0) return 'green';
  const elapsedMs = Math.round(calendar.elapsedMinutes(startAt, now, unit) * MINUTE_MS);
  return elapsedMs >= thresholdMs(total, yellowFraction) ? 'yellow' : 'green';
}

/**
 * The earliest instant at which `fraction` of the limit has elapsed on the unit's clock — what
 * a scheduler needs to fire the yellow (0.8), red (1.0) or escalation (2.0) job.
 *
 * - fraction 0 → startAt; fraction 1 → dueAt exactly (even if dueAt is off-hours or was edited).
 * - Below 1 it counts forward from startAt and never passes dueAt.
 * - Above 1 it counts the excess forward from dueAt, so an extended or hand-set due instant is
 *   honoured and the overshoot is measured like the limit itself.
 */
export function thresholdInstant(args: ThresholdArgs): Date {
  const { startAt, dueAt, unit, calendar, fraction } = args;
  assertFraction(fraction, 'fraction', Number.MAX_VALUE);
  if (fraction === 0) return new Date(startAt.getTime());
  if (fraction === 1) return new Date(dueAt.getTime());
  const total = calendar.elapsedMinutes(startAt, dueAt, unit);
  // A zero-length limit has no overshoot to measure: every threshold from 100% up is the due instant.
  if (total <= 0 && fraction > 1) return new Date(dueAt.getTime());
  const advance = (from: Date, ms: number): Date =>
    unit === 'natural_hours' ? new Date(from.getTime() + ms) : calendar.addWorkingMinutes(from, ms / MINUTE_MS);
  if (fraction > 1) return advance(dueAt, thresholdMs(total, fraction) - thresholdMs(total, 1));
  const at = advance(startAt, thresholdMs(total, fraction));
  return at.getTime() > dueAt.getTime() ? new Date(dueAt.getTime()) : at;
}
