import { TOWN, drillInto, drillPath, drillUp, inDrill, rootDrill } from './drill';

describe('drilling the map down 镇 → 片区 → 网格', () => {
  const cell = { code: 'jinsha-03', districtCode: 'jinsha' as const };

  it('opens the 片区 of a clicked cell at town level, then the cell itself', () => {
    const d1 = drillInto(TOWN, cell);
    expect(d1).toEqual({ district: 'jinsha', grid: null });
    expect(drillInto(d1, cell)).toEqual({ district: 'jinsha', grid: 'jinsha-03' });
  });

  it('goes back up one level, never above the root of a 片区-bound user', () => {
    const root = rootDrill('jinsha');
    expect(drillUp({ district: 'jinsha', grid: 'jinsha-03' }, root)).toEqual(root);
    expect(drillUp(root, root)).toEqual(root);
    expect(drillUp({ district: 'nujiang', grid: null }, TOWN)).toEqual(TOWN);
  });

  it('builds the breadcrumb from the root', () => {
    const at = { district: 'jinsha' as const, grid: 'jinsha-03' };
    expect(drillPath(at, TOWN)).toEqual([TOWN, { district: 'jinsha', grid: null }, at]);
    expect(drillPath(at, rootDrill('jinsha'))).toEqual([{ district: 'jinsha', grid: null }, at]);
  });

  it('keeps the pins of the place shown', () => {
    const pin = { district: 'jinsha' as const, grid: 'jinsha-01' };
    expect(inDrill(pin, TOWN)).toBe(true);
    expect(inDrill(pin, { district: 'jinsha', grid: null })).toBe(true);
    expect(inDrill(pin, { district: 'jinsha', grid: 'jinsha-02' })).toBe(false);
    expect(inDrill(pin, { district: 'xincheng', grid: null })).toBe(false);
  });
});
