/** A source of uniform numbers in [0, 1). Seeded in tests, so a run can be replayed. */
export type Rng = () => number;

/** mulberry32: small, fast and good enough for a demo; the same seed gives the same town. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * How many events of a Poisson process with mean `lambda` fall in one interval. Knuth's product method for small
 * means; for large ones (a long pause, a huge rate) the normal approximation, which is close and never loops long.
 */
export function poisson(lambda: number, rng: Rng): number {
  if (!Number.isFinite(lambda) || lambda <= 0) return 0;
  if (lambda > 30) {
    const gaussian = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian));
  }
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

/** One item, with probability proportional to its weight; undefined when no item has a positive weight. */
export function pickWeighted<T>(items: readonly T[], weight: (item: T) => number, rng: Rng): T | undefined {
  const weights = items.map((item) => Math.max(0, weight(item)));
  const total = weights.reduce((s, w) => s + w, 0);
  if (!(total > 0)) return undefined;
  let r = rng() * total;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i];
    if (r < 0 && weights[i] > 0) return items[i];
  }
  // floating-point leftovers land on the last item that could be picked
  for (let i = items.length - 1; i >= 0; i--) if (weights[i] > 0) return items[i];
  return undefined;
}

export function pick<T>(items: readonly T[], rng: Rng): T | undefined {
  return items.length === 0 ? undefined : items[Math.min(items.length - 1, Math.floor(rng() * items.length))];
}

export function between(min: number, max: number, rng: Rng): number {
  return min + (max - min) * rng();
}

export function chance(p: number, rng: Rng): boolean {
  return rng() < p;
}

/**
 * A stable number in [0, 1) for a key (FNV-1a). Pacing uses it so that "how long does this person take over this
 * step" is the same on every tick without remembering anything per case.
 */
export function hashUnit(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // one more avalanche round: FNV alone leaves neighbouring keys close together
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 4294967296;
}
