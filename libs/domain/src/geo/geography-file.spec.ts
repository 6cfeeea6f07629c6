import { wgs84ToGcj02 } from './gcj02';
import { GeographyFileRefusal, checkGeographyFile, type GeographyFileOptions } from './geography-file';
import type { Position } from './point-in-polygon';

const rect = (minLng: number, minLat: number, maxLng: number, maxLat: number): Position[] => [
  [minLng, minLat],
  [maxLng, minLat],
  [maxLng, maxLat],
  [minLng, maxLat],
  [minLng, minLat],
];
const feature = (properties: Record<string, unknown>, ring: Position[]) => ({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [ring] } });
const district = (code: string, ring: Position[]) => feature({ kind: 'district', code, name_zh: `${code}片区`, name_en: code }, ring);
const cell = (code: string, d: string, ring: Position[]) => feature({ kind: 'cell', code, district: d, name_zh: `${code}网格`, name_en: code }, ring);
const fc = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

const opts: GeographyFileOptions = { coordinateSystem: 'wgs84', toleranceM2: 10, districtCodes: ['west', 'east'] };

/** Two 片区 side by side, each cut into two cells along a north–south line: a valid map. */
const valid = () => [
  district('west', rect(121.38, 31.23, 121.39, 31.24)),
  district('east', rect(121.39, 31.23, 121.4, 31.24)),
  cell('west-1', 'west', rect(121.38, 31.23, 121.385, 31.24)),
  cell('west-2', 'west', rect(121.385, 31.23, 121.39, 31.24)),
  cell('east-1', 'east', rect(121.39, 31.23, 121.395, 31.24)),
  cell('east-2', 'east', rect(121.395, 31.23, 121.4, 31.24)),
];
const errors = (value: unknown, o = opts) => checkGeographyFile(value, o).issues.filter((i) => i.severity === 'error');

describe('checkGeographyFile', () => {
  it('reads a valid map: districts and cells with their areas, no issue', () => {
    const check = checkGeographyFile(fc(...valid()), opts);
    expect(check.issues).toEqual([]);
    expect(check.districts.map((d) => d.code)).toEqual(['east', 'west']);
    expect(check.cells.map((c) => [c.code, c.districtCode])).toEqual([['east-1', 'east'], ['east-2', 'east'], ['west-1', 'west'], ['west-2', 'west']]);
    expect(check.cells[0].areaM2).toBeGreaterThan(500_000);
  });

  it('refuses what is not a FeatureCollection, an empty one and a projected CRS', () => {
    expect(() => checkGeographyFile({ type: 'Feature' }, opts)).toThrow(GeographyFileRefusal);
    expect(() => checkGeographyFile([], opts)).toThrow(/FeatureCollection/);
    expect(() => checkGeographyFile(fc(), opts)).toThrow(/no features/);
    expect(() => checkGeographyFile({ ...fc(...valid()), crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } } }, opts)).toThrow(/EPSG::3857/);
    expect(checkGeographyFile({ ...fc(...valid()), crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } } }, opts).issues).toEqual([]);
  });

  it('reports an overlap between cells beyond the tolerance, and not within it', () => {
    const f = valid();
    f[3] = cell('west-2', 'west', rect(121.3849, 31.23, 121.39, 31.24)); // 0.0001° ≈ 9.5 m × 1,112 m ≈ 10,560 m² over west-1
    const [overlap] = errors(fc(...f));
    expect(overlap).toMatchObject({ code: 'CELLS_OVERLAP', featureCode: 'west-1', otherCode: 'west-2' });
    expect(overlap.areaM2).toBeGreaterThan(10_000);
    expect(overlap.areaM2).toBeLessThan(11_000);
    expect(errors(fc(...f), { ...opts, toleranceM2: 11_000 })).toEqual([]);
  });

  it('reports a gap in a 片区 that no cell covers, with its area', () => {
    const f = valid();
    f[3] = cell('west-2', 'west', rect(121.385, 31.23, 121.39, 31.239)); // the northern 0.001° strip of west-2 is left bare
    const [gap] = errors(fc(...f));
    expect(gap).toMatchObject({ code: 'DISTRICT_GAP', featureCode: 'west', feature: 0 });
    expect(gap.areaM2).toBeGreaterThan(50_000);
  });

  it('reports a cell reaching outside its 片区 (and the overlap with the neighbour it reaches into)', () => {
    const f = valid();
    f[3] = cell('west-2', 'west', rect(121.385, 31.23, 121.392, 31.24));
    f[4] = cell('east-1', 'east', rect(121.392, 31.23, 121.395, 31.24));
    const codes = errors(fc(...f)).map((i) => `${i.code}:${i.featureCode}`);
    expect(codes).toEqual(expect.arrayContaining(['CELL_OUTSIDE_DISTRICT:west-2', 'DISTRICT_GAP:east']));
  });

  it('reports an invalid ring with the feature it is in, and the part of its 片区 it leaves bare', () => {
    const f = valid();
    f[4] = cell('east-1', 'east', rect(121.39, 31.23, 121.395, 31.24).slice(0, 4));
    expect(errors(fc(...f)).map((i) => `${i.code}:${i.featureCode}:${i.feature}`)).toEqual(['RING_NOT_CLOSED:east-1:4', 'DISTRICT_GAP:east:1']);
  });

  it('reports unknown, missing and duplicate codes and bad properties', () => {
    const f = valid();
    f.push(cell('west-1', 'west', rect(121.38, 31.23, 121.385, 31.24)));
    f.push(district('north', rect(121.38, 31.24, 121.4, 31.25)));
    f.push(cell('north-1', 'north', rect(121.38, 31.24, 121.4, 31.25)));
    f.push(feature({ kind: 'street', code: 'x', name_zh: 'x', name_en: 'x' }, rect(121.38, 31.24, 121.4, 31.25)));
    f.push(feature({ kind: 'cell', code: 'Bad Code', district: 'west', name_zh: 'x', name_en: 'x' }, rect(121.38, 31.24, 121.4, 31.25)));
    f.shift(); // west is missing now
    const codes = errors(fc(...f)).map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['DUPLICATE_CODE', 'UNKNOWN_DISTRICT', 'BAD_PROPERTIES', 'MISSING_DISTRICT']));
    expect(codes.filter((c) => c === 'BAD_PROPERTIES')).toHaveLength(2);
  });

  it('converts a GCJ-02 file to WGS-84, and finds the same map', () => {
    const toGcj = (ring: Position[]) =>
      ring.map(([lng, lat]) => {
        const g = wgs84ToGcj02({ lat, lng });
        return [g.lng, g.lat] as Position;
      });
    const gcj = valid().map((f) => ({ ...f, geometry: { type: 'Polygon', coordinates: [toGcj(f.geometry.coordinates[0])] } }));
    const check = checkGeographyFile(fc(...gcj), { ...opts, coordinateSystem: 'gcj02' });
    expect(check.issues).toEqual([]);
    const [lng, lat] = (check.districts.find((d) => d.code === 'west')!.geometry.coordinates as Position[][])[0][0];
    expect(Math.abs(lng - 121.38)).toBeLessThan(1e-7);
    expect(Math.abs(lat - 31.23)).toBeLessThan(1e-7);
  });
});

describe('checkGeographyFile work bound', () => {
  it('refuses outlines too detailed to compare instead of running for minutes', () => {
    // two 片区 shaped as combs of 150 long horizontal teeth over the same box: every tooth edge meets every other
    // (~90,000 clips here, millions at full size); the budget is lowered so the test stays small
    const comb = (lat0: number): Position[] => {
      const d = 0.01 / 300;
      const ring: Position[] = [[121.38, lat0]];
      for (let k = 0; k < 150; k++) {
        const y = lat0 + 2 * k * d;
        ring.push([121.4, y], [121.4, y + d], [121.381, y + d], [121.381, y + 2 * d]);
      }
      ring.push([121.38, lat0 + 300 * d], [121.38, lat0]);
      return ring;
    };
    const file = fc(district('west', comb(31.23)), district('east', comb(31.23 + 0.01 / 600)), cell('w', 'west', rect(121.38, 31.23, 121.3805, 31.231)), cell('e', 'east', rect(121.38, 31.2311, 121.3805, 31.232)));
    expect(() => checkGeographyFile(file, { ...opts, maxClips: 20_000 })).toThrow(/too detailed/);
    expect(() => checkGeographyFile(file, opts)).not.toThrow();
  });
});
