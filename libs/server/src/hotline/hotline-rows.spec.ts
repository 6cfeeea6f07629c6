import { CATEGORY_SEEDS, TOWN_GEOGRAPHY, sampleInteriorPoint } from '../database/seed-data';
import { DEFAULT_HOTLINE_CATEGORIES, DEFAULT_HOTLINE_COLUMNS } from './default-mapping';
import type { Sheet } from './hotline-file-reader';
import { anchorPoint, interpretRows, parseCoordinates } from './hotline-rows';
import { pointInGeometry } from '@gridops/domain';

const town = {
  categories: CATEGORY_SEEDS.map((c) => ({ code: c.code, nameZh: c.nameZh, active: true })),
  cells: TOWN_GEOGRAPHY.gridCells,
};
const mapping = { columns: DEFAULT_HOTLINE_COLUMNS, categories: DEFAULT_HOTLINE_CATEGORIES, coordinateSystem: 'wgs84' as const, addressHints: [] };
const headers = ['工单号', '诉求内容', '地址', '坐标', '分类', '来电时间', '联系人', '联系电话'];
const now = new Date('2026-11-26T12:00:00+08:00');
const p = sampleInteriorPoint('jinsha-01');

function one(cells: (string | number | Date | null)[]) {
  const sheet: Sheet = { type: 'csv', headers, rows: [{ row: 2, cells }] };
  return interpretRows(sheet, mapping, town, now)[0];
}

describe('the default mapping', () => {
  it('names only categories that exist', () => {
    const codes = new Set(CATEGORY_SEEDS.map((c) => c.code));
    expect(Object.entries(DEFAULT_HOTLINE_CATEGORIES).filter(([, code]) => !codes.has(code))).toEqual([]);
  });
});

describe('reading a 12345 row', () => {
  it('recognises 分类 by our name, code, mapping entry, path part, or (with a warning) a name it contains', () => {
    const cat = (v: string) => one(['A1', '诉求', '', `${p.lng},${p.lat}`, v, '', '', '']);
    expect(cat('暴露垃圾').report?.categoryCode).toBe('E0102');
    expect(cat('e0102').report?.categoryCode).toBe('E0102');
    expect(cat('乱设摊').report?.categoryCode).toBe('E0501');
    expect(cat('城市管理 > 市容环境 > 飞线充电').report?.categoryCode).toBe('E0902');
    const guessed = cat('小区内暴露垃圾问题');
    expect(guessed.report?.categoryCode).toBe('E0102');
    expect(guessed.warnings.map((w) => w.code)).toEqual(['CATEGORY_GUESSED']);
    expect(cat('不知道').errors.map((e) => e.code)).toEqual(['UNKNOWN_CATEGORY']);
  });

  it('reads 来电时间 in Shanghai time, and ignores impossible or future ones with a warning', () => {
    const when = (v: string | number | Date) => one(['A2', '诉求', '', `${p.lng},${p.lat}`, '暴露垃圾', v, '', '']);
    expect(when('2026-11-26 09:05:00').report?.occurredAt).toBe('2026-11-26T01:05:00.000Z');
    expect(when('2026/11/26 9:05').report?.occurredAt).toBe('2026-11-26T01:05:00.000Z');
    expect(when('2026年11月26日 9时5分').report?.occurredAt).toBe('2026-11-26T01:05:00.000Z');
    expect(when(new Date(Date.UTC(2026, 10, 26, 9, 5))).report?.occurredAt).toBe('2026-11-26T01:05:00.000Z');
    expect(when(46352.375).report?.occurredAt).toBe('2026-11-26T01:00:00.000Z'); // Excel serial for 2026-11-26 09:00
    for (const bad of ['2026-02-30 10:00', 'yesterday']) {
      const r = when(bad);
      expect(r.report?.occurredAt).toBeUndefined();
      expect(r.warnings.map((w) => w.code)).toEqual(['BAD_CALLED_AT']);
    }
    expect(when('2027-01-01 10:00').warnings.map((w) => w.code)).toEqual(['CALLED_AT_IN_FUTURE']);
  });

  it('refuses a 工单号 Excel rounded, and one with characters a work order number does not have', () => {
    expect(one([Number('12345678901234567890'), '诉求', '', `${p.lng},${p.lat}`, '暴露垃圾', '', '', '']).errors.map((e) => e.code)).toEqual(['BAD_EXTERNAL_REF']);
    expect(one(['../../x', '诉求', '', `${p.lng},${p.lat}`, '暴露垃圾', '', '', '']).errors.map((e) => e.code)).toEqual(['BAD_EXTERNAL_REF']);
    expect(one([20261126001, '诉求', '', `${p.lng},${p.lat}`, '暴露垃圾', '', '', '']).externalRef).toBe('20261126001');
  });

  it('gives the same hash to the same values and another to changed ones', () => {
    const a = one(['A3', '诉求', '', `${p.lng},${p.lat}`, '暴露垃圾', '', '', '']);
    expect(one(['A3', ' 诉求 ', '', `${p.lng},${p.lat}`, '暴露垃圾', '', '', '']).hash).toBe(a.hash);
    expect(one(['A3', '诉求已更新', '', `${p.lng},${p.lat}`, '暴露垃圾', '', '', '']).hash).not.toBe(a.hash);
  });
});

describe('coordinates', () => {
  it('takes lng,lat in either order in one column; refuses swapped columns, junk and 0,0', () => {
    expect(parseCoordinates('121.38,31.245', undefined, undefined)).toEqual({ lng: 121.38, lat: 31.245 });
    expect(parseCoordinates('31.245， 121.38', undefined, undefined)).toEqual({ lng: 121.38, lat: 31.245 });
    expect(parseCoordinates('经度121.38 纬度31.245', undefined, undefined)).toEqual({ lng: 121.38, lat: 31.245 });
    expect(parseCoordinates(undefined, '121.38', '31.245')).toEqual({ lng: 121.38, lat: 31.245 });
    expect(parseCoordinates(undefined, '31.245', '121.38')).toBeNull();
    expect(parseCoordinates('121.38', undefined, undefined)).toBeNull();
    expect(parseCoordinates('0,0', undefined, undefined)).toBeNull();
    expect(parseCoordinates('200,95', undefined, undefined)).toBeNull();
  });

  it('finds an anchor point inside every grid cell', () => {
    for (const cell of TOWN_GEOGRAPHY.gridCells) {
      const a = anchorPoint(cell.geometry);
      expect(a && pointInGeometry(a, cell.geometry)).toBe(true);
    }
  });
});
