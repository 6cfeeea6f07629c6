import type { Light } from '@gridops/domain';

/** Traffic-light colours, the same on every screen (domain.md §5: green on time, yellow ≥ 80 %, red overdue). */
export const LIGHT_COLORS: Record<Light, string> = { green: '#52c41a', yellow: '#faad14', red: '#f5222d' };
/** The same lights as text on a light background, dark enough for WCAG AA contrast (≥ 4.5:1 on white). */
export const LIGHT_TEXT_COLORS: Record<Light, string> = { green: '#237804', yellow: '#ad4e00', red: '#cf1322' };

export interface CountdownParts {
  overdue: boolean;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Time left until `due` (or past it), split for display. */
export function countdownParts(due: Date | string, now: number): CountdownParts {
  const ms = new Date(due).getTime() - now;
  const overdue = ms < 0;
  let rest = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(rest / 86400);
  rest -= days * 86400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  return { overdue, days, hours, minutes, seconds: rest - minutes * 60 };
}

/** "剩 2天3小时" / "超 45分" — compact, the two largest units; English when lang is en. */
export function formatCountdown(due: Date | string, now: number, lang: string): string {
  const p = countdownParts(due, now);
  const en = lang === 'en';
  const units: [number, string][] = en
    ? [[p.days, 'd'], [p.hours, 'h'], [p.minutes, 'm'], [p.seconds, 's']]
    : [[p.days, '天'], [p.hours, '小时'], [p.minutes, '分'], [p.seconds, '秒']];
  const first = units.findIndex(([n]) => n > 0);
  const shown = first < 0 ? [units[3]] : units.slice(first, first + 2).filter(([n], i) => i === 0 || n > 0);
  const text = shown.map(([n, u]) => `${n}${en ? '' : ''}${u}`).join(en ? ' ' : '');
  if (en) return p.overdue ? `${text} overdue` : `${text} left`;
  return p.overdue ? `超 ${text}` : `剩 ${text}`;
}

/**
 * The light a countdown shows at `now`, from the case's own thresholds when known (clockYellowAt/clockDueAt from the
 * server, computed with the working calendar) — the client never recomputes deadlines itself.
 */
export function lightAt(now: number, dueAt: string | null, yellowAt: string | null): Light | null {
  if (!dueAt) return null;
  if (now >= new Date(dueAt).getTime()) return 'red';
  if (yellowAt && now >= new Date(yellowAt).getTime()) return 'yellow';
  return 'green';
}
