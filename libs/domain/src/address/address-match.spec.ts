import { addressKey, addressParts, normalizeAddress, standardAddressText } from './address-text';
import { rankAddresses, resolveAddress, pairSimilarity } from './address-match';

describe('normalizeAddress', () => {
  it.each([
    ['梅川路１３５０弄', '梅川路1350弄'],
    ['梅川路 1350 弄', '梅川路1350弄'],
    ['上海市普陀区长征镇梅川路1350弄', '梅川路1350弄'],
    ['上海 长征镇 普陀区 梅川路1350弄', '梅川路1350弄'],
    ['梅川路1350衖', '梅川路1350弄'],
    ['梅川路1350巷', '梅川路1350弄'],
    ['真光路1288號', '真光路1288号'],
    ['金沙江路第2000号', '金沙江路2000号'],
    ['天地软件园（Ａ座）', '天地软件园a座'],
    ['　梅川路、1350弄。', '梅川路1350弄'],
    ['长征镇', '长征镇'],
    ['   ', ''],
  ])('%s → %s', (input, expected) => {
    expect(normalizeAddress(input)).toBe(expected);
  });

  it('keeps a road named 巷 (no number before it) and 路 inside a name', () => {
    expect(normalizeAddress('桃浦巷')).toBe('桃浦巷');
    expect(addressKey('路口小区')).toBe('路口小区');
  });
});

describe('addressKey', () => {
  it('is the same for 弄/号 and with or without 路', () => {
    const key = addressKey('梅川路1350弄');
    for (const v of ['梅川1350弄', '梅川路1350号', '梅川 1350 号', '梅川路１３５０弄']) expect(addressKey(v)).toBe(key);
  });
  it('leaves different roads and numbers apart', () => {
    expect(addressKey('梅川路1350弄')).not.toBe(addressKey('梅川路1351弄'));
    expect(addressKey('光复西路1000号')).not.toBe(addressKey('光复路1000号'));
  });
});

describe('addressParts', () => {
  it('reads road, number and unit', () => {
    expect(addressParts(normalizeAddress('梅川路1350弄3号'))).toEqual({ road: '梅川路', number: '1350', unit: '弄' });
    expect(addressParts(normalizeAddress('天地软件园'))).toEqual({ road: null, number: null, unit: null });
  });
});

describe('pairSimilarity', () => {
  it('is 1 for equal texts and 0 for nothing shared', () => {
    expect(pairSimilarity('梅川路', '梅川路')).toBe(1);
    expect(pairSimilarity('梅川路', '真光路')).toBe(0);
  });
});

/** A slice of the seed library: roads, lanes, a house, compounds, a landmark. */
const LIBRARY = [
  { id: 'r-meichuan', texts: ['梅川路'], broad: true },
  { id: 'l-meichuan-1350', texts: ['梅川路1350弄', '梅川一街坊'] },
  { id: 'l-meichuan-1351', texts: ['梅川路1351弄'] },
  { id: 'h-meichuan-1300', texts: ['梅川路1300号'] },
  { id: 'l-meichuan-1300', texts: ['梅川路1300弄'] },
  { id: 'r-zhenguang', texts: ['真光路'], broad: true },
  { id: 'l-zhenguang-1288', texts: ['真光路1288弄'] },
  { id: 'c-jinsha-xincheng', texts: ['金沙新城'] },
  { id: 'c-jinsha-yayuan', texts: ['金沙雅苑'] },
  { id: 'm-tiandi', texts: ['天地软件园', '天地软件园区'] },
  { id: 'r-guangfu-west', texts: ['光复西路'], broad: true },
  { id: 'h-guangfu-west-2899', texts: ['光复西路2899号'] },
  { id: 'h-qilianshan-2000', texts: ['祁连山南路2000号'] },
];

describe('resolveAddress: messy inputs find the right entry first', () => {
  it.each([
    ['梅川路1350弄', 'l-meichuan-1350'],
    ['梅川路１３５０弄', 'l-meichuan-1350'], // full-width digits
    ['梅川路 1350 弄', 'l-meichuan-1350'], // spaces
    ['梅川路1350号', 'l-meichuan-1350'], // 号 for 弄
    ['梅川1350弄', 'l-meichuan-1350'], // missing 路
    ['梅川 1350 号', 'l-meichuan-1350'], // both
    ['梅穿路1350弄', 'l-meichuan-1350'], // one character wrong
    ['上海市普陀区梅川路1350弄', 'l-meichuan-1350'], // prefixes
    ['梅川路1350弄小区门口', 'l-meichuan-1350'], // a 12345 address with more words
    ['梅川一街坊', 'l-meichuan-1350'], // an alias
    ['梅川路1300号', 'h-meichuan-1300'], // both 1300号 and 1300弄 exist: the exact one
    ['梅川路1300弄', 'l-meichuan-1300'],
    ['真光路１２８８弄', 'l-zhenguang-1288'],
    ['天地软件园', 'm-tiandi'],
    ['天地软件园区门口', 'm-tiandi'],
    ['光复西路2899号', 'h-guangfu-west-2899'],
    ['祁连山南2000号', 'h-qilianshan-2000'],
    ['梅川路', 'r-meichuan'],
  ])('%s → %s', (text, id) => {
    const r = resolveAddress(text, LIBRARY);
    expect(r.status).toBe('resolved');
    if (r.status === 'resolved') expect(r.match.candidate.id).toBe(id);
    expect(r.ranked[0].candidate.id).toBe(id);
  });

  it.each([
    ['金沙', ['c-jinsha-xincheng', 'c-jinsha-yayuan']], // two compounds
    ['梅川路1300', ['h-meichuan-1300', 'l-meichuan-1300']], // no unit: 号 or 弄?
    ['1350弄', ['l-meichuan-1350']], // no road: a lane number alone is no address
  ])('ambiguous %s returns the candidates, not a guess', (text, ids) => {
    const r = resolveAddress(text, LIBRARY);
    expect(r.status).toBe('ambiguous');
    for (const id of ids) expect(r.ranked.map((x) => x.candidate.id)).toContain(id);
  });

  it('lists a road a text only mentions, never resolves to it', () => {
    const r = resolveAddress('梅川路菜场门口', LIBRARY);
    expect(r.status).toBe('ambiguous');
    expect(r.ranked[0].candidate.id).toBe('r-meichuan');
  });

  it('does not take another number for the one asked', () => {
    const r = resolveAddress('梅川路1352弄', LIBRARY);
    expect(r.status).toBe('ambiguous');
  });

  it('answers none for text that names nothing in the library', () => {
    expect(resolveAddress('！！', LIBRARY).status).toBe('none');
    expect(resolveAddress('人民广场', LIBRARY).status).toBe('none');
    expect(resolveAddress('金沙第2网格', LIBRARY).status).toBe('none');
  });

  it('two entries with the same spelling never resolve', () => {
    const r = resolveAddress('梅川路1350弄', [...LIBRARY, { id: 'dup', texts: ['梅川路1350弄'] }]);
    expect(r.status).toBe('ambiguous');
  });

  it('ranks deterministically', () => {
    const a = rankAddresses('梅川路', LIBRARY).map((r) => r.candidate.id);
    const b = rankAddresses('梅川路', [...LIBRARY].reverse()).map((r) => r.candidate.id);
    expect(a).toEqual(b);
  });
});

describe('standardAddressText', () => {
  it('composes each kind', () => {
    expect(standardAddressText({ kind: 'road', road: '梅川路' })).toEqual({ text: '梅川路' });
    expect(standardAddressText({ kind: 'lane', road: '梅川路', number: '１３５０' })).toEqual({ text: '梅川路1350弄' });
    expect(standardAddressText({ kind: 'house', road: '真光路', number: '1288' })).toEqual({ text: '真光路1288号' });
    expect(standardAddressText({ kind: 'compound', name: '金沙新城' })).toEqual({ text: '金沙新城' });
  });
  it('names what is missing', () => {
    expect(standardAddressText({ kind: 'lane', road: '梅川路' })).toEqual({ problems: ['a lane needs its number (弄号)'] });
    expect(standardAddressText({ kind: 'landmark' })).toEqual({ problems: ['a landmark needs its name (名称)'] });
    expect(standardAddressText({ kind: 'house', road: '梅川路', number: '12a' })).toEqual({ problems: ['the number "12a" must be 1–6 digits'] });
  });
});
