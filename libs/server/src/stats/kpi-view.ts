import type { DurationStats, KpiBases, KpiRates } from '@gridops/contracts';
import { compositeScore, ratio, type ScoreWeights } from '@gridops/domain';
import { durationBucketMinutes } from '../cases/kpi-measures';
import type { PeriodCounts } from './kpi-sql';

/**
 * numerator ÷ denominator, or null (shown as "—") when the base is below `minBase` (KPI_MIN_BASE): 0 / 3 early in
 * the day is not a rate worth a red light.
 */
export function rateOf(numerator: number, denominator: number, minBase: number): number | null {
  return denominator < minBase ? null : ratio(numerator, denominator);
}

/** Rates of docs/kpis.md from period counts. */
export function ratesOf(c: PeriodCounts, minBase: number): KpiRates {
  return {
    onTimeRate: rateOf(c.due_on_time, c.due, minBase),
    closureRate: rateOf(c.due_closed, c.due, minBase),
    reworkRate: rateOf(c.reworked, c.handled, minBase),
    grassRootsRate: rateOf(c.gr_solved, c.gr_base, minBase),
  };
}

export function basesOf(c: PeriodCounts): KpiBases {
  return {
    dueToClose: c.due,
    closed: c.due_closed,
    closedOnTime: c.due_on_time,
    handled: c.handled,
    reworked: c.reworked,
    grassRootsBase: c.gr_base,
    grassRootsSolved: c.gr_solved,
  };
}

export function scoreOf(c: PeriodCounts, weights: ScoreWeights, minBase: number): number | null {
  return compositeScore(ratesOf(c, minBase), weights);
}

/** Count, mean (from the sums) and median (from the 5 % histogram: its bucket's midpoint) of a duration, in minutes. */
export function durationOf(n: number, minutes: number, histogram: Map<number, number>): DurationStats {
  const round = (v: number) => Math.round(v * 10) / 10;
  if (n <= 0) return { count: 0, meanMinutes: null, medianMinutes: null };
  const total = [...histogram.values()].reduce((a, b) => a + b, 0);
  let median: number | null = null;
  let seen = 0;
  for (const bucket of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(bucket) ?? 0;
    if (seen * 2 >= total) {
      median = round(durationBucketMinutes(bucket));
      break;
    }
  }
  return { count: n, meanMinutes: round(minutes / n), medianMinutes: median };
}
