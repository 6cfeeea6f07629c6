/**
 * KPI arithmetic of 综合评价 (domain.md §7): the ratios, the composite score (综合指标值) and the ranking of 片区,
 * grid cells, units and workers. What is counted lives in the server's SQL (docs/kpis.md); how counts become rates
 * and scores lives here, so the console and the server agree.
 */

/** numerator ÷ denominator, or null when there is nothing to measure (a rate of an empty set is unknown, not 0). */
export function ratio(numerator: number, denominator: number): number | null {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator <= 0) return null;
  return numerator / denominator;
}

/** The rates a composite score weighs. */
export interface ScoredRates {
  onTimeRate: number | null;
  closureRate: number | null;
  grassRootsRate: number | null;
  reworkRate: number | null;
}

/** Weights of the composite score; they need not sum to 1 (they are normalised over the rates that exist). */
export interface ScoreWeights {
  /** 按期结案率 */
  onTime: number;
  /** 结案率 */
  closure: number;
  /** 基层解决率 */
  grassRoots: number;
  /** 1 − 返工率 */
  rework: number;
}

/** Default weights *(no authoritative source; configurable with KPI_SCORE_WEIGHTS)*: timeliness first. */
export const DEFAULT_SCORE_WEIGHTS: ScoreWeights = { onTime: 0.4, closure: 0.3, grassRoots: 0.2, rework: 0.1 };

const WEIGHT_KEYS = ['onTime', 'closure', 'grassRoots', 'rework'] as const;

/**
 * Parses `onTime:0.4,closure:0.3,grassRoots:0.2,rework:0.1` (any subset; the rest keep their defaults).
 * Throws on unknown names, negative or non-numeric weights, or all-zero weights.
 */
export function parseScoreWeights(text: string | undefined): ScoreWeights {
  const weights: ScoreWeights = { ...DEFAULT_SCORE_WEIGHTS };
  if (!text || !text.trim()) return weights;
  for (const part of text.split(',')) {
    const [key, value] = part.split(':').map((s) => s.trim());
    if (!(WEIGHT_KEYS as readonly string[]).includes(key)) throw new Error(`unknown score weight "${key}" (use ${WEIGHT_KEYS.join(', ')})`);
    const n = Number(value);
    if (value === undefined || value === '' || !Number.isFinite(n) || n < 0) throw new Error(`score weight ${key} must be a number ≥ 0`);
    weights[key as keyof ScoreWeights] = n;
  }
  if (WEIGHT_KEYS.every((k) => weights[k] === 0)) throw new Error('at least one score weight must be above 0');
  return weights;
}

/**
 * 综合指标值 on 0–100: the weighted mean of the rates that exist (rework counts as 1 − reworkRate, fewer reworks
 * score higher). A rate that is null (nothing to measure) drops out and the other weights are normalised, so a
 * district with no closures due yet is not punished or rewarded for it. Null when no weighted rate exists.
 * Rounded to one decimal.
 */
export function compositeScore(rates: ScoredRates, weights: ScoreWeights = DEFAULT_SCORE_WEIGHTS): number | null {
  const parts: [number | null, number][] = [
    [rates.onTimeRate, weights.onTime],
    [rates.closureRate, weights.closure],
    [rates.grassRootsRate, weights.grassRoots],
    [rates.reworkRate === null ? null : 1 - rates.reworkRate, weights.rework],
  ];
  let sum = 0;
  let weight = 0;
  for (const [value, w] of parts) {
    if (value === null || w <= 0) continue;
    sum += Math.min(1, Math.max(0, value)) * w;
    weight += w;
  }
  if (weight === 0) return null;
  return Math.round((sum / weight) * 1000) / 10;
}

/**
 * Competition ranking (1, 1, 3 …) by score, highest first; rows without a score come after every scored row and
 * share the rank after the last scored one. Ties keep the input order. Returns new objects with `rank`.
 */
export function rankByScore<T extends { score: number | null }>(rows: readonly T[]): (T & { rank: number })[] {
  const order = rows.map((row, i) => ({ row, i }));
  order.sort((a, b) => {
    if (a.row.score === null && b.row.score === null) return a.i - b.i;
    if (a.row.score === null) return 1;
    if (b.row.score === null) return -1;
    return b.row.score - a.row.score || a.i - b.i;
  });
  const ranked: (T & { rank: number })[] = [];
  order.forEach(({ row }, pos) => {
    const prev = ranked[pos - 1];
    const rank = prev && prev.score === row.score ? prev.rank : pos + 1;
    ranked.push({ ...row, rank });
  });
  return ranked;
}
