import { DISTRICT_CODES } from '@gridops/domain';
import { LIMITS } from '@gridops/contracts';
import { describeFix, describePlace, describeProblem, describeReporter } from './descriptions';
import { CATEGORY_MIX } from '@gridops/domain';
import { seededRng } from './random';
import { CATEGORY_TEXTS, PLACES } from './texts-table';

describe('descriptions built from templates', () => {
  it('has problem and fix texts for every category in the mix', () => {
    for (const row of CATEGORY_MIX) {
      expect(CATEGORY_TEXTS[row.code]?.problems.length).toBeGreaterThan(0);
      expect(CATEGORY_TEXTS[row.code]?.fixes.length).toBeGreaterThan(0);
    }
  });

  it('names a place of the 片区 and an address in 长征镇, with no placeholder left over', () => {
    const rng = seededRng(2);
    for (const district of DISTRICT_CODES) {
      for (let i = 0; i < 200; i++) {
        const place = describePlace(district, rng);
        expect(place.spoken).not.toMatch(/[{}]/);
        expect(place.address).toMatch(/^普陀区长征镇\S+/);
        expect(place.address.length).toBeLessThanOrEqual(LIMITS.address);
        const named = [...PLACES[district].streets, ...PLACES[district].estates];
        expect(named.some((n) => place.spoken.includes(n))).toBe(true);
      }
    }
  });

  it('reads like a case: channel opener, the place, then one of the category problems', () => {
    const rng = seededRng(4);
    const place = { spoken: '金沙江路88号门口', address: '普陀区长征镇金沙江路88号' };
    const text = describeProblem('C0101', place, 'patrol', rng);
    expect(text).toContain('金沙江路88号门口');
    expect(CATEGORY_TEXTS.C0101.problems.some((p) => text.includes(`金沙江路88号门口${p}`))).toBe(true);
    expect(describeProblem('E0301', place, 'hotline', rng)).toMatch(/^(市民来电反映：|12345工单：市民反映|来电人称)金沙江路88号门口/);
    expect(describeProblem('C0102', place, 'iot', rng)).toMatch(/^物联感知告警：/);
    expect(describeProblem('E0102', place, 'app', rng).length).toBeLessThanOrEqual(LIMITS.description);
  });

  it('writes the fix back in words of the category, and falls back for an unknown one', () => {
    const rng = seededRng(6);
    expect(CATEGORY_TEXTS.E0102.fixes).toContain(describeFix('E0102', rng));
    expect(describeFix('Z9999', rng).length).toBeGreaterThan(0);
  });

  it('gives callers a name and a number no real phone can have (100 prefix)', () => {
    const rng = seededRng(8);
    for (let i = 0; i < 100; i++) {
      const r = describeReporter(rng);
      expect(r.phone).toMatch(/^100\d{8}$/);
      expect(r.name.length).toBeGreaterThanOrEqual(2);
    }
  });
});
