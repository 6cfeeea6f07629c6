/**
 * 趋势预警 trend warnings (issue #17): is a 片区 × category's recent count unusually high against its own past?
 *
 * The statistic (docs/kpis.md "Trend warnings"): for a window ending now (the last 2 h, the last 24 h), the baseline
 * is the same window on each of the past 28 days whose day kind (工作日 working day / 休息日 day off: weekends and
 * holidays, by the town calendar) is the kind of today. Its mean, floored, is the expected count λ; the count now is
 * compared with a Poisson upper tail P(X ≥ observed | λ). A warning is raised when that tail is tiny, the count is
 * not tiny, and the rise is large; it stays raised (one warning, however many runs see it) until the tail is no
 * longer small, then it clears and may be raised again.
 *
 * Pure: counts, the clock and the calendar's day kinds come in; warnings with their numbers go out. The same inputs
 * give the same answer, so a run is repeatable for a given clock.
 */

/** The windows that are watched. Persisted in `trend_warnings.window`: never rename them. */
export const TREND_WINDOWS = ['2h', '24h'] as const;
export type TrendWindow = (typeof TREND_WINDOWS)[number];

export const TREND_WINDOW_HOURS: Record<TrendWindow, number> = { '2h': 2, '24h': 24 };

/** How many past days the baseline looks at (four weeks); only those of today's day kind count. */
export const TREND_BASELINE_DAYS = 28;

/** Raise when P(X ≥ observed | expected) is at most this (one-sided Poisson upper tail). */
export const TREND_RAISE_P = 0.001;
/** A raised warning clears once the tail is above this (hysteresis: a count hovering at the edge does not flap). */
export const TREND_CLEAR_P = 0.01;
/** Never raise on fewer cases than this in the window, however quiet the baseline (three stray reports are not a trend). */
export const TREND_MIN_OBSERVED: Record<TrendWindow, number> = { '2h': 5, '24h': 10 };
/** The observed count must be at least this many times the expected one (a significant but small rise is not news). */
export const TREND_MIN_RATIO = 2;
/**
 * Floor on the expected count of a window: a category that never happened in the baseline would otherwise make any
 * single report "infinitely" unusual. 0.5 cases per 2 h, 3 per 24 h.
 */
export const TREND_EXPECTED_FLOOR: Record<TrendWindow, number> = { '2h': 0.5, '24h': 3 };
/** With fewer past days of today's kind than this in the 28, the baseline is too thin: no judgement. */
export const TREND_MIN_BASELINE_DAYS = 3;

export type DayKind = 'workday' | 'dayoff';

/** One 片区 × category × window: the count of the window ending now and of the same window 1…28 days earlier. */
export interface TrendSeries {
  district: string;
  category: string;
  window: TrendWindow;
  /** counts[0]: the window ending now; counts[d]: the same window ending d × 24 h earlier (d = 1 … 28); missing = 0 */
  counts: readonly number[];
}

export interface TrendEvaluation {
  district: string;
  category: string;
  window: TrendWindow;
  observed: number;
  /** the floored baseline mean: what the window usually holds on a day of this kind */
  expected: number;
  /** the unfloored baseline mean */
  baselineMean: number;
  /** how many past days of today's kind the baseline used */
  baselineDays: number;
  dayKind: DayKind;
  /** P(X ≥ observed | expected) */
  pValue: number;
  /** significant now: a new warning is raised for it (unless one is already open) */
  raise: boolean;
  /** still unusual enough that an open warning stays open */
  hold: boolean;
}

/** The window [start, end) of a series evaluated at `now`. */
export function trendWindowRange(now: Date, window: TrendWindow): { start: Date; end: Date } {
  return { start: new Date(now.getTime() - TREND_WINDOW_HOURS[window] * 3_600_000), end: new Date(now.getTime()) };
}

/** The key that keeps one warning per 片区 × category × window while it stays raised. */
export function trendKey(s: { district: string; category: string; window: TrendWindow }): string {
  return `${s.district}|${s.category}|${s.window}`;
}

const LN_FACT_CACHE: number[] = [0];
function lnFactorial(n: number): number {
  for (let i = LN_FACT_CACHE.length; i <= n; i++) LN_FACT_CACHE[i] = LN_FACT_CACHE[i - 1] + Math.log(i);
  return LN_FACT_CACHE[n];
}

/**
 * P(X ≥ k) for X ~ Poisson(λ): the sum of the terms from k upward (never 1 − the lower sum, which loses the small
 * tails that matter here to rounding). 1 for k ≤ 0.
 */
export function poissonUpperTail(k: number, lambda: number): number {
  if (!Number.isFinite(k) || !Number.isFinite(lambda) || lambda < 0) throw new Error(`poissonUpperTail: bad arguments k=${k} λ=${lambda}`);
  const n = Math.ceil(k);
  if (n <= 0) return 1;
  if (lambda === 0) return 0;
  const logLambda = Math.log(lambda);
  let sum = 0;
  for (let i = n; i < n + 10_000; i++) {
    const term = Math.exp(-lambda + i * logLambda - lnFactorial(i));
    sum += term;
    // terms fall once i > λ; stop when they no longer change the sum
    if (i > lambda && term < sum * 1e-15) break;
  }
  return Math.min(1, sum);
}

/** `YYYY-MM-DD` of the town date `days` before the date of `now` (town time: UTC+8, as town-time.ts). */
function townDateDaysBefore(now: Date, days: number, utcOffsetMinutes: number): string {
  return new Date(now.getTime() + utcOffsetMinutes * 60_000 - days * 86_400_000).toISOString().slice(0, 10);
}

export interface TrendInput {
  now: Date;
  series: readonly TrendSeries[];
  /** the town calendar's kind of a local date (WorkingCalendar.isWorkday → 'workday', else 'dayoff') */
  dayKind: (localDate: string) => DayKind;
  /** minutes east of UTC of the town (480) */
  utcOffsetMinutes: number;
  /**
   * When the records begin (the first report ever stored): a past window starting before it is unknown, not empty,
   * and stays out of the baseline — a new install is not judged against four weeks of "nothing".
   */
  historyStart?: Date | null;
}

/**
 * Judge every series at `now`. A window's day is the town date of its end: the window ending now belongs to today,
 * the one ending d days earlier to that day; only past days of today's kind make the baseline (a holiday is compared
 * with days off, a workday with workdays), and only windows after `historyStart`. Series with too thin a baseline
 * (fewer than TREND_MIN_BASELINE_DAYS such days) are left out.
 */
export function evaluateTrends(input: TrendInput): TrendEvaluation[] {
  const todayKind = input.dayKind(townDateDaysBefore(input.now, 0, input.utcOffsetMinutes));
  const kindDays: number[] = [];
  for (let d = 1; d <= TREND_BASELINE_DAYS; d++) if (input.dayKind(townDateDaysBefore(input.now, d, input.utcOffsetMinutes)) === todayKind) kindDays.push(d);
  const known = input.historyStart ? input.historyStart.getTime() : -Infinity;
  const daysOf = Object.fromEntries(
    TREND_WINDOWS.map((w) => [w, kindDays.filter((d) => input.now.getTime() - d * 86_400_000 - TREND_WINDOW_HOURS[w] * 3_600_000 >= known)]),
  ) as Record<TrendWindow, number[]>;
  const out: TrendEvaluation[] = [];
  for (const s of input.series) {
    const sameKindDays = daysOf[s.window];
    if (sameKindDays.length < TREND_MIN_BASELINE_DAYS) continue;
    const observed = count(s.counts[0]);
    const baselineMean = sameKindDays.reduce((sum, d) => sum + count(s.counts[d]), 0) / sameKindDays.length;
    const expected = Math.max(baselineMean, TREND_EXPECTED_FLOOR[s.window]);
    const pValue = poissonUpperTail(observed, expected);
    const raise = pValue <= TREND_RAISE_P && observed >= TREND_MIN_OBSERVED[s.window] && observed >= TREND_MIN_RATIO * expected;
    const hold = pValue <= TREND_CLEAR_P;
    out.push({ district: s.district, category: s.category, window: s.window, observed, expected, baselineMean, baselineDays: sameKindDays.length, dayKind: todayKind, pValue, raise, hold });
  }
  // a fixed order, whatever order the counts came in
  return out.sort((a, b) => (trendKey(a) < trendKey(b) ? -1 : trendKey(a) > trendKey(b) ? 1 : 0));
}

function count(v: number | undefined): number {
  return v !== undefined && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;
}

/**
 * What a run changes, given the keys of the warnings open now: raise the significant series with no open warning,
 * clear the open warnings whose series no longer holds (or was not seen at all: no cases in any window).
 */
export function trendChanges(evaluations: readonly TrendEvaluation[], openKeys: ReadonlySet<string>): { raise: TrendEvaluation[]; clear: string[] } {
  const holding = new Set(evaluations.filter((e) => e.hold).map(trendKey));
  return {
    raise: evaluations.filter((e) => e.raise && !openKeys.has(trendKey(e))),
    clear: [...openKeys].filter((k) => !holding.has(k)).sort(),
  };
}

/** The expected count as people read it: one decimal below 10, whole above. */
export function expectedText(expected: number): string {
  return expected < 10 ? String(Math.round(expected * 10) / 10) : String(Math.round(expected));
}

/**
 * The warning's sentence, Chinese first: "金沙 · 暴露垃圾: 近2小时 9 起，往常同时段约 1.5 起".
 * Names come from the caller (the domain does not know category names).
 */
export function trendMessage(
  w: { window: TrendWindow; observed: number; expected: number },
  names: { districtZh: string; districtEn: string; categoryZh: string; categoryEn: string },
): { zh: string; en: string } {
  const hours = TREND_WINDOW_HOURS[w.window];
  const e = expectedText(w.expected);
  return {
    zh: `${names.districtZh} · ${names.categoryZh}: 近${hours}小时 ${w.observed} 起，往常同时段约 ${e} 起`,
    en: `${names.districtEn} · ${names.categoryEn}: ${w.observed} in the last ${hours} h, usually about ${e} at this time`,
  };
}
