import { TOWN_TIME_ZONE } from '../../ui/town-time';

// The wall board's own formats (fixed, locale-independent); other screens format through townTime().

const timeFmt = new Intl.DateTimeFormat('en-GB', { timeZone: TOWN_TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const partsFmt = new Intl.DateTimeFormat('en-US', { timeZone: TOWN_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' });

/** "14:05:09" in Shanghai. */
export function shanghaiTime(at: string | number | Date): string {
  return timeFmt.format(new Date(at));
}

const WEEKDAYS_ZH: Record<string, string> = { Sun: '星期日', Mon: '星期一', Tue: '星期二', Wed: '星期三', Thu: '星期四', Fri: '星期五', Sat: '星期六' };

/** "2026年11月27日 星期五" / "Fri 2026-11-27" in Shanghai. */
export function shanghaiDate(at: string | number | Date, lang: string): string {
  const parts = Object.fromEntries(partsFmt.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  if (lang === 'en') return `${parts.weekday} ${parts.year}-${parts.month}-${parts.day}`;
  return `${parts.year}年${Number(parts.month)}月${Number(parts.day)}日 ${WEEKDAYS_ZH[parts.weekday] ?? ''}`;
}

/** Milliseconds until the next Shanghai midnight (China has no daylight saving: always UTC+8). */
export function msUntilShanghaiMidnight(now: number): number {
  const day = 86_400_000;
  const offset = 8 * 3_600_000;
  return day - ((now + offset) % day);
}
