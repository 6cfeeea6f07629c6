import type { KpiBases, KpiRates } from '@gridops/contracts';
import { compositeScore, ratio, type ScoreWeights } from '@gridops/domain';
import type { PeriodCounts } from './kpi-sql';

/** Rates of docs/kpis.md from period counts. */
export function ratesOf(c: PeriodCounts): KpiRates {
  return {
    onTimeRate: ratio(c.due_on_time, c.due),
    closureRate: ratio(c.due_closed, c.due),
    reworkRate: ratio(c.reworked, c.handled),
    grassRootsRate: ratio(c.gr_solved, c.gr_base),
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

export function scoreOf(c: PeriodCounts, weights: ScoreWeights): number | null {
  return compositeScore(ratesOf(c), weights);
}
