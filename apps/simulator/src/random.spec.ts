import { hashUnit, pickWeighted, poisson, seededRng } from './random';

const stats = (xs: number[]) => {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
  return { mean, variance };
};

describe('random helpers', () => {
  it('replays the same sequence for the same seed and a different one for another seed', () => {
    const a = seededRng(42);
    const b = seededRng(42);
    const c = seededRng(43);
    const sa = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(sa);
    expect(sa.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it.each([0.2, 3, 12, 80])('draws Poisson counts with mean ≈ variance ≈ λ (λ = %p)', (lambda) => {
    const rng = seededRng(7);
    const { mean, variance } = stats(Array.from({ length: 20_000 }, () => poisson(lambda, rng)));
    expect(Math.abs(mean - lambda)).toBeLessThan(0.05 * lambda + 0.02);
    expect(Math.abs(variance - lambda)).toBeLessThan(0.1 * lambda + 0.05);
  });

  it('draws no events for a zero, negative or non-finite mean', () => {
    const rng = seededRng(1);
    expect([poisson(0, rng), poisson(-3, rng), poisson(Number.NaN, rng), poisson(Infinity, rng)]).toEqual([0, 0, 0, 0]);
  });

  it('picks in proportion to the weights and never an item of weight zero', () => {
    const rng = seededRng(3);
    const counts = { a: 0, b: 0, c: 0 };
    const weights = { a: 1, b: 3, c: 0 };
    for (let i = 0; i < 40_000; i++) counts[pickWeighted(['a', 'b', 'c'] as const, (k) => weights[k], rng) as 'a' | 'b' | 'c']++;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.8);
    expect(counts.b / counts.a).toBeLessThan(3.2);
    expect(pickWeighted(['x'], () => 0, rng)).toBeUndefined();
    expect(pickWeighted([], () => 1, rng)).toBeUndefined();
  });

  it('hashes a key to the same number in [0, 1) every time, spread evenly over keys', () => {
    expect(hashUnit('case-1:3')).toBe(hashUnit('case-1:3'));
    const values = Array.from({ length: 10_000 }, (_, i) => hashUnit(`c-${i}:${i % 7}`));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const lowTenth = values.filter((v) => v < 0.1).length / values.length;
    expect(lowTenth).toBeGreaterThan(0.08);
    expect(lowTenth).toBeLessThan(0.12);
  });
});
