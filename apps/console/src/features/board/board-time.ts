import { townWallClock } from '@gridops/domain';

// The wall board's own formats (fixed, locale-independent); other screens format through townTime().

const WEEKDAYS_ZH = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "14:05:09" in Shanghai. */
export function shanghaiTime(at: string | number | Date): string {
  return townWallClock(new Date(at)).toISOString().slice(11, 19);
}

/** "2026年11月27日 星期五" / "Fri 2026-11-27" in Shanghai. */
export function shanghaiDate(at: string | number | Date, lang: string): string {
  const wall = townWallClock(new Date(at));
  const date = wall.toISOString().slice(0, 10);
  const weekday = wall.getUTCDay();
  if (lang === 'en') return `${WEEKDAYS_EN[weekday]} ${date}`;
  return `${wall.getUTCFullYear()}年${wall.getUTCMonth() + 1}月${wall.getUTCDate()}日 ${WEEKDAYS_ZH[weekday]}`;
}
