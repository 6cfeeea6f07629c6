/** 0.934 → "93.4%"; null (nothing to measure) → "—", never 0%. */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** Minutes as "45分钟" / "3.5小时" (or English). */
export function formatMinutes(minutes: number | null | undefined, lang: string): string {
  if (minutes === null || minutes === undefined) return '—';
  const en = lang === 'en';
  if (minutes < 90) return en ? `${Math.round(minutes)} min` : `${Math.round(minutes)}分钟`;
  const h = Math.round((minutes / 60) * 10) / 10;
  return en ? `${h} h` : `${h}小时`;
}

/** Green at or above the target, orange within 10 points below it, red further down; reversed for "lower is better". */
export function rateTone(rate: number | null, target: number, lowerIsBetter = false): 'good' | 'warn' | 'bad' | 'none' {
  if (rate === null) return 'none';
  if (lowerIsBetter) return rate <= target ? 'good' : rate <= target + 0.1 ? 'warn' : 'bad';
  return rate >= target ? 'good' : rate >= target - 0.1 ? 'warn' : 'bad';
}
