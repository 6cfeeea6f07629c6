/**
 * The town's clock: 长征镇 keeps Shanghai time, UTC+8 all year (China has no daylight saving). "Today" on the board,
 * a day of the duty roster, a month of analytics and the hour of a report are Shanghai's, whatever zone the server,
 * the browser or the simulator runs in. Dates are `YYYY-MM-DD` in that zone; the arithmetic is plain offsets, read
 * with UTC getters, so no time-zone database is needed.
 */
export const TOWN_TIME_ZONE = 'Asia/Shanghai';

/** Minutes east of UTC. */
export const TOWN_UTC_OFFSET_MINUTES = 480;

const DAY_MS = 86_400_000;
const OFFSET_MS = TOWN_UTC_OFFSET_MINUTES * 60_000;
const OFFSET_TEXT = `+${String(TOWN_UTC_OFFSET_MINUTES / 60).padStart(2, '0')}:00`;

/** The town's wall clock at an instant, as a Date whose UTC fields read as Shanghai's (for UTC getters only). */
export function townWallClock(instant: Date | number): Date {
  return new Date(new Date(instant).getTime() + OFFSET_MS);
}

/** The instant at which the town's clocks show `wall` — a wall-clock time given as `Date.UTC(...)` of its fields. */
export function fromTownWallClock(wall: number): Date {
  return new Date(wall - OFFSET_MS);
}

/** `YYYY-MM-DD` of an instant in the town. */
export function townDateOf(instant: Date | number): string {
  return townWallClock(instant).toISOString().slice(0, 10);
}

/** The hour (0–23) the town's clocks show at an instant. */
export function townHour(instant: Date | number): number {
  return townWallClock(instant).getUTCHours();
}

/** The instant a town date begins (00:00 +08:00). */
export function townDayStart(date: string): Date {
  return fromTownWallClock(Date.parse(`${date}T00:00:00Z`));
}

/** Milliseconds from `now` to the town's next midnight. */
export function msUntilTownMidnight(now: Date | number): number {
  return DAY_MS - (townWallClock(now).getTime() % DAY_MS);
}

/** An instant as an ISO 8601 text in the town's time, `2026-11-26T09:05:00+08:00` (W3C datetime, whole seconds). */
export function townIsoString(instant: Date | number): string {
  return `${townWallClock(instant).toISOString().slice(0, 19)}${OFFSET_TEXT}`;
}

/** An instant as people in the town read it on a timeline or in a description: `12月7日 08:22`. */
export function townClockText(instant: Date | number): string {
  const wall = townWallClock(instant);
  const hhmm = wall.toISOString().slice(11, 16);
  return `${wall.getUTCMonth() + 1}月${wall.getUTCDate()}日 ${hhmm}`;
}

/** The date `days` later (earlier when negative). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The first day of the date's month. */
export function firstOfMonth(date: string): string {
  return `${date.slice(0, 8)}01`;
}

/** Dates from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** An instant as the town's wall-clock text `2026-11-26 09:05:00`, the form spreadsheets read as a date and time. */
export function townDateTimeText(instant: Date | number): string {
  return townWallClock(instant).toISOString().slice(0, 19).replace('T', ' ');
}
