/** "2小时5分" / "2h 5m": the two largest units of a span, for "overdue by" and "waiting for" on the wall. */
export function shortDuration(ms: number, lang: string): string {
  const en = lang === 'en';
  let rest = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(rest / 1440);
  rest -= days * 1440;
  const hours = Math.floor(rest / 60);
  const minutes = rest - hours * 60;
  const units: [number, string][] = en ? [[days, 'd'], [hours, 'h'], [minutes, 'm']] : [[days, '天'], [hours, '小时'], [minutes, '分']];
  const first = units.findIndex(([n]) => n > 0);
  if (first < 0) return en ? '<1m' : '不足1分';
  return units
    .slice(first, first + 2)
    .filter(([n], i) => i === 0 || n > 0)
    .map(([n, u]) => `${n}${u}`)
    .join(en ? ' ' : '');
}
