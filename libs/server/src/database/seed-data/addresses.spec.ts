import { findContaining, normalizeAddress, standardAddressText } from '@gridops/domain';
import { ADDRESS_SEEDS } from './addresses';
import { TOWN_GEOGRAPHY } from './geography';

describe('address seed', () => {
  const texts = ADDRESS_SEEDS.map((a) => {
    const s = standardAddressText(a);
    if (!('text' in s)) throw new Error(`${JSON.stringify(a)}: ${s.problems.join('; ')}`);
    return s.text;
  });

  it('has every road of the town plan', () => {
    for (const road of ['真光路', '梅川路', '金沙江路', '怒江路', '清峪路', '吉镇路', '光复西路', '祁连山南路', '丹巴路', '伯士路', '花家浜路', '中环线']) {
      expect(ADDRESS_SEEDS.some((a) => a.kind === 'road' && a.road === road)).toBe(true);
    }
    expect(texts).toContain('天地软件园');
    expect(texts).toContain('梅川路1350弄');
  });

  it('places every entry inside a grid cell', () => {
    for (const a of ADDRESS_SEEDS) expect([a, findContaining(a, TOWN_GEOGRAPHY.gridCells)?.code]).toEqual([a, expect.any(String)]);
  });

  it('spells no two entries the same', () => {
    const spellings = ADDRESS_SEEDS.flatMap((a, i) => [texts[i], ...(a.name && a.name !== texts[i] ? [a.name] : []), ...a.aliases]).map(normalizeAddress);
    expect(new Set(spellings).size).toBe(spellings.length);
  });
});
