import { CATEGORY_MIX, categoryShares, type MixRow } from '@gridops/domain';
import { seededRng } from './random';
import { categoryWeight, chooseCategory, chooseChannel, chooseDistrict, hourBand } from './report-mix';

const row = (code: string): MixRow => {
  const r = CATEGORY_MIX.find((x) => x.code === code);
  if (!r) throw new Error(`no mix row ${code}`);
  return r;
};

/** Share of `codes` among n categories drawn for this 片区, channel and part of the day. */
function share(codes: string[], district: Parameters<typeof chooseCategory>[1], band: Parameters<typeof chooseCategory>[3], n = 6000): number {
  const rng = seededRng(11);
  let hits = 0;
  for (let i = 0; i < n; i++) if (codes.includes(chooseCategory(CATEGORY_MIX, district, 'patrol', band, rng)?.code ?? '')) hits++;
  return hits / n;
}

describe('the report mix by 片区 and time of day', () => {
  it('splits the day into morning 06–10, day 10–17, evening 17–22 and night 22–06', () => {
    expect([5, 6, 9, 10, 16, 17, 21, 22, 0].map(hourBand)).toEqual(['night', 'morning', 'morning', 'day', 'day', 'evening', 'evening', 'night', 'night']);
  });

  it('makes night-time construction noise likelier at night, in the 片区 with the building sites', () => {
    expect(categoryWeight(row('E0301'), 'nujiang', 'night')).toBeGreaterThan(5 * categoryWeight(row('E0301'), 'nujiang', 'day'));
    expect(categoryWeight(row('E0301'), 'nujiang', 'night')).toBeGreaterThan(categoryWeight(row('E0301'), 'meichuan', 'night'));
  });

  it('puts street vending and shop spill-over in the commercial streets by day, rubbish in the mornings', () => {
    const trade = ['E0501', 'E0504'];
    expect(share(trade, 'meichuan', 'day')).toBeGreaterThan(1.5 * share(trade, 'xincheng', 'day'));
    expect(share(trade, 'meichuan', 'day')).toBeGreaterThan(2 * share(trade, 'meichuan', 'night'));
    expect(share(['E0102'], 'xincheng', 'morning')).toBeGreaterThan(2 * share(['E0102'], 'xincheng', 'night'));
  });

  it('draws only categories reported through the channel (no property complaint from a patrol)', () => {
    const rng = seededRng(5);
    for (let i = 0; i < 2000; i++) {
      const picked = chooseCategory(CATEGORY_MIX, 'xincheng', 'patrol', 'evening', rng);
      expect(picked?.channels).toContain('patrol');
      expect(picked?.code).not.toBe('E0903');
    }
    expect(chooseCategory([], 'xincheng', 'patrol', 'day', rng)).toBeUndefined();
  });

  it('raises IoT reports only where there is an alarms ingest, and uses all four 片区', () => {
    const rng = seededRng(9);
    const without = new Set(Array.from({ length: 3000 }, () => chooseChannel(rng, false)));
    expect(without.has('iot')).toBe(false);
    expect(new Set(Array.from({ length: 3000 }, () => chooseChannel(rng, true))).has('iot')).toBe(true);
    expect(new Set(Array.from({ length: 500 }, () => chooseDistrict(rng)))).toEqual(new Set(['xincheng', 'jinsha', 'nujiang', 'meichuan']));
  });

  it('shifts the mix on days off (building sites quieter, shops busier) and shares out every report, as the demo history draws them', () => {
    const share = (kind: 'workday' | 'dayoff', code: string) => {
      const s = categoryShares(CATEGORY_MIX, 'nujiang', 'day', kind).get(code);
      return s ? s.patrol + s.hotline + s.app : 0;
    };
    expect(share('dayoff', 'E0302')).toBeLessThan(share('workday', 'E0302') * 0.8); // 工地扬尘
    expect(share('dayoff', 'E0504')).toBeGreaterThan(share('workday', 'E0504')); // 店外经营
    for (const kind of ['workday', 'dayoff'] as const) {
      const total = [...categoryShares(CATEGORY_MIX, 'jinsha', 'morning', kind).values()].reduce((sum, s) => sum + s.patrol + s.hotline + s.app, 0);
      expect(total).toBeCloseTo(1, 9);
    }
  });
});
