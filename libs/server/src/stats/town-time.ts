import { DEFAULT_CALENDAR_CONFIG } from '@gridops/domain';

/**
 * Days in the town's zone (Asia/Shanghai, UTC+8, no DST — the working calendar's offset): "today" on the board is
 * the Shanghai day, whatever zone the server runs in.
 */
export const TOWN_UTC_OFFSET_MINUTES = DEFAULT_CALENDAR_CONFIG.utcOffsetMinutes;

const DAY_MS = 86_400_000;
const offsetMs = TOWN_UTC_OFFSET_MINUTES * 60_000;

/** `YYYY-MM-DD` of an instant in Shanghai. */
export function townDateOf(instant: Date): string {
  return new Date(instant.getTime() + offsetMs).toISOString().slice(0, 10);
}

/** The instant a Shanghai date begins (00:00 +08:00). */
export function townDayStart(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - offsetMs);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function firstOfMonth(date: string): string {
  return `${date.slice(0, 8)}01`;
}

/** Dates from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}
