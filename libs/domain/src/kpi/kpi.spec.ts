import { DEFAULT_SCORE_WEIGHTS, compositeScore, parseScoreWeights, rankByScore, ratio } from './kpi';

describe('ratio', () => {
  it('is null when there is nothing to measure, else the fraction', () => {
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(0, 4)).toBe(0);
    expect(ratio(3, 4)).toBe(0.75);
  });
});

describe('compositeScore', () => {
  const all = { onTimeRate: 1, closureRate: 1, grassRootsRate: 1, reworkRate: 0 };

  it('is 100 when every rate is perfect and 0 when every rate is worst', () => {
    expect(compositeScore(all)).toBe(100);
    expect(compositeScore({ onTimeRate: 0, closureRate: 0, grassRootsRate: 0, reworkRate: 1 })).toBe(0);
  });

  it('weighs the rates by the weights (rework counted as 1 − rate)', () => {
    // 0.4·0.5 + 0.3·1 + 0.2·1 + 0.1·(1 − 0.5) = 0.75
    expect(compositeScore({ onTimeRate: 0.5, closureRate: 1, grassRootsRate: 1, reworkRate: 0.5 })).toBe(75);
  });

  it('leaves out missing rates and renormalises the rest; null when none exists', () => {
    expect(compositeScore({ onTimeRate: 0.5, closureRate: null, grassRootsRate: null, reworkRate: null })).toBe(50);
    expect(compositeScore({ onTimeRate: null, closureRate: null, grassRootsRate: null, reworkRate: null })).toBeNull();
  });

  it('uses configured weights', () => {
    const onlyOnTime = { ...DEFAULT_SCORE_WEIGHTS, closure: 0, grassRoots: 0, rework: 0 };
    expect(compositeScore({ onTimeRate: 0.8, closureRate: 0, grassRootsRate: 0, reworkRate: 1 }, onlyOnTime)).toBe(80);
  });
});

describe('parseScoreWeights', () => {
  it('keeps the defaults for what is not named', () => {
    expect(parseScoreWeights(undefined)).toEqual(DEFAULT_SCORE_WEIGHTS);
    expect(parseScoreWeights('onTime:1, rework:0')).toEqual({ ...DEFAULT_SCORE_WEIGHTS, onTime: 1, rework: 0 });
  });

  it('refuses unknown names, bad numbers and all zeros', () => {
    expect(() => parseScoreWeights('speed:1')).toThrow(/unknown/);
    expect(() => parseScoreWeights('onTime:-1')).toThrow(/≥ 0/);
    expect(() => parseScoreWeights('onTime:x')).toThrow(/number/);
    expect(() => parseScoreWeights('onTime:0,closure:0,grassRoots:0,rework:0')).toThrow(/above 0/);
  });
});

describe('rankByScore', () => {
  it('ranks highest first, ties share a rank, unscored rows come last', () => {
    const ranked = rankByScore([
      { code: 'a', score: 80 },
      { code: 'b', score: null },
      { code: 'c', score: 95 },
      { code: 'd', score: 80 },
      { code: 'e', score: null },
    ]);
    expect(ranked.map((r) => [r.code, r.rank])).toEqual([
      ['c', 1],
      ['a', 2],
      ['d', 2],
      ['b', 4],
      ['e', 4],
    ]);
  });
});
