import type { HotCategoryRow, KpiPeriod } from '@gridops/contracts';
import { drillHref, type DeskFilters } from '../desk/desk-filters';

/** The counts of the KPI strip, in the order a shift lead reads them: what came in, what is running, what is done. */
export const KPI_TILES = ['new', 'filed', 'inProgress', 'nearDue', 'overdue', 'supervised', 'closed'] as const;
export type KpiTile = (typeof KPI_TILES)[number];

/**
 * Counts of the period (today, this month) vs counts of open cases now: the second kind are the same in both
 * periods, so the strip shows a month figure only under the first kind.
 */
export const PERIOD_TILES: readonly KpiTile[] = ['new', 'filed', 'closed'];

/** How a count should catch the eye: overdue red, near due yellow, supervised orange — and only when not zero. */
export function tileTone(tile: KpiTile, value: number): 'alarm' | 'warn' | 'notice' | 'plain' {
  if (value <= 0) return 'plain';
  if (tile === 'overdue') return 'alarm';
  if (tile === 'nearDue') return 'warn';
  if (tile === 'supervised') return 'notice';
  return 'plain';
}

export function tileValue(p: KpiPeriod, tile: KpiTile): number {
  return p[tile];
}

export type RateTone = 'good' | 'warn' | 'bad' | 'none';

/** Within this many points under the target a rate is a warning (yellow), further down it is bad (red). */
export const RATE_WARN_BAND = 0.05;

/** Green at or above the target, yellow just under it, red further down; no colour when there is nothing to measure. */
export function rateTone(rate: number | null, target: number): RateTone {
  if (rate === null || !Number.isFinite(rate)) return 'none';
  if (rate >= target - 1e-9) return 'good';
  if (rate >= target - RATE_WARN_BAND) return 'warn';
  return 'bad';
}

/** 0.9234 → "92.3%", 0.9 → "90%"; null (no denominator yet) → "—", never a misleading 0%. */
export function formatRate(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return '—';
  const pct = Math.round(rate * 1000) / 10;
  return `${Number.isInteger(pct) ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

/** Counts with thousands separators, so 5,000 open cases read at a glance. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * A category "spikes" when it at least doubled on the period before, by a few cases (趋势预判); from nothing it
 * takes ten, or a town's first morning would flag every category.
 */
export function isSpike(r: Pick<HotCategoryRow, 'count' | 'previousCount'>): boolean {
  if (r.previousCount === 0) return r.count >= 10;
  return r.count - r.previousCount >= 3 && r.count >= 2 * r.previousCount;
}

/** The states of 处置中 (inProgress, docs/kpis.md). */
const IN_PROGRESS_STATES = ['DISPATCHED', 'IN_PROGRESS', 'RETURN_REQUESTED', 'EXTENSION_REQUESTED', 'SUSPEND_REQUESTED', 'REWORK', 'HANDLED', 'SELF_DISPOSED', 'PENDING_CHECK', 'PENDING_CLOSE'] as const;

/**
 * The desk link listing the cases behind a tile: period counts through the list's KPI filter over today, live
 * counts through the list's own filters over the open cases — the same definitions, so the list's total is the tile.
 */
export function tileHref(tile: KpiTile, today: string, district: string | null, extra: Partial<DeskFilters> = {}): string {
  const scope: Partial<DeskFilters> = { ...(district ? { district: [district as DeskFilters['district'][number]] } : {}), ...extra };
  const period = (kpi: string) => drillHref({ kpi, kpiFrom: today, kpiTo: today, ...scope });
  const live = (f: Partial<DeskFilters>) => drillHref({ open: 'true', ...scope, ...f });
  switch (tile) {
    case 'new':
      return period('new');
    case 'filed':
      return period('filed');
    case 'closed':
      return period('closed');
    case 'inProgress':
      return live({ state: [...IN_PROGRESS_STATES] });
    case 'nearDue':
      return live({ light: ['yellow'] });
    case 'overdue':
      return live({ light: ['red'] });
    case 'supervised':
      return live({ supervised: true });
  }
}
