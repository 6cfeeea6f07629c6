import { geometryGcj02ToWgs84, geometryProblems, normalizeOrientation } from './area-checks';
import { areaM2, intersectionAreaM2 } from './area-measure';
import { selfIntersection } from './ring-segments';
import { wgs84ToGcj02 } from './gcj02';
import type { AreaGeometry, Position } from './point-in-polygon';

/** Closed counter-clockwise axis-aligned ring near 长征镇. */
const rect = (minLng: number, minLat: number, maxLng: number, maxLat: number): Position[] => [
  [minLng, minLat],
  [maxLng, minLat],
  [maxLng, maxLat],
  [minLng, maxLat],
  [minLng, minLat],
];
const poly = (...rings: Position[][]): AreaGeometry => ({ type: 'Polygon', coordinates: rings });

// 0.001° of longitude at 31.24° N ≈ 95.0 m, of latitude ≈ 111.2 m
const M_PER_DEG_LAT = (6_371_008.8 * Math.PI) / 180;
const M_PER_DEG_LNG = M_PER_DEG_LAT * Math.cos((31.24 * Math.PI) / 180);
const cellArea = (dLng: number, dLat: number) => dLng * M_PER_DEG_LNG * dLat * M_PER_DEG_LAT;

describe('geometryProblems', () => {
  const codes = (g: unknown) => geometryProblems(g).map((p) => `${p.severity}:${p.code}`);

  it('finds nothing wrong with a closed counter-clockwise ring, with or without a hole', () => {
    expect(geometryProblems(poly(rect(121.38, 31.23, 121.39, 31.24)))).toEqual([]);
    const hole = [...rect(121.383, 31.233, 121.386, 31.236)].reverse();
    expect(geometryProblems(poly(rect(121.38, 31.23, 121.39, 31.24), hole))).toEqual([]);
  });

  it('refuses what is not a Polygon or MultiPolygon', () => {
    expect(codes({ type: 'Point', coordinates: [121.38, 31.23] })).toEqual(['error:BAD_GEOMETRY']);
    expect(codes(null)).toEqual(['error:BAD_GEOMETRY']);
    expect(codes({ type: 'Polygon', coordinates: 'x' })).toEqual(['error:BAD_GEOMETRY']);
    expect(codes({ type: 'MultiPolygon', coordinates: [[]] })).toEqual(['error:BAD_GEOMETRY']);
  });

  it('refuses an unclosed ring, one with fewer than 4 positions and positions out of range', () => {
    expect(codes(poly(rect(121.38, 31.23, 121.39, 31.24).slice(0, 4)))).toEqual(['error:RING_NOT_CLOSED']);
    expect(codes(poly([[121.38, 31.23], [121.39, 31.23], [121.38, 31.23]]))).toEqual(['error:RING_TOO_SHORT']);
    // a projected (metre) coordinate, or lat/lng swapped beyond 90
    expect(codes(poly([[13512345.1, 3663210.4], [13512445.1, 3663210.4], [13512445.1, 3663310.4], [13512345.1, 3663210.4]]))).toEqual(['error:BAD_POSITION']);
    expect(codes(poly([[121.38, 31.23], ['121.39', 31.23], [121.39, 31.24], [121.38, 31.23]] as Position[]))).toEqual(['error:BAD_POSITION']);
  });

  it('refuses a bow-tie ring and says where it crosses itself', () => {
    const bowtie: Position[] = [[121.38, 31.23], [121.39, 31.24], [121.39, 31.23], [121.38, 31.24], [121.38, 31.23]];
    const [problem] = geometryProblems(poly(bowtie));
    expect(problem).toMatchObject({ code: 'RING_SELF_INTERSECTS', severity: 'error', polygon: 0, ring: 0 });
    expect(problem.message).toContain('121.385000, 31.235000');
  });

  it('refuses a ring that touches itself at a vertex or folds back along an edge', () => {
    // a figure eight through (121.385, 31.235) visited twice
    const eight: Position[] = [[121.38, 31.23], [121.385, 31.235], [121.39, 31.23], [121.39, 31.24], [121.385, 31.235], [121.38, 31.24], [121.38, 31.23]];
    expect(selfIntersection(eight)).not.toBeNull();
    const spike: Position[] = [[121.38, 31.23], [121.39, 31.23], [121.395, 31.23], [121.39, 31.23], [121.39, 31.24], [121.38, 31.24], [121.38, 31.23]];
    expect(selfIntersection(spike)).not.toBeNull();
    expect(selfIntersection(rect(121.38, 31.23, 121.39, 31.24))).toBeNull();
  });

  it('refuses a ring without area and a hole outside its outer ring', () => {
    expect(codes(poly([[121.38, 31.23], [121.39, 31.23], [121.385, 31.23], [121.38, 31.23]]))).toContain('error:RING_SELF_INTERSECTS');
    const outside = [...rect(121.395, 31.233, 121.398, 31.236)].reverse();
    expect(codes(poly(rect(121.38, 31.23, 121.39, 31.24), outside))).toEqual(['error:HOLE_OUTSIDE_OUTER']);
    const crossing = [...rect(121.388, 31.233, 121.392, 31.236)].reverse();
    expect(codes(poly(rect(121.38, 31.23, 121.39, 31.24), crossing))).toEqual(['error:HOLE_OUTSIDE_OUTER']);
  });

  it('warns about clockwise outer rings and counter-clockwise holes, which normalizeOrientation reverses', () => {
    const cw = poly([...rect(121.38, 31.23, 121.39, 31.24)].reverse(), rect(121.383, 31.233, 121.386, 31.236));
    expect(codes(cw)).toEqual(['warning:RING_ORIENTATION', 'warning:RING_ORIENTATION']);
    expect(geometryProblems(normalizeOrientation(cw as AreaGeometry))).toEqual([]);
  });

  it('checks every member of a MultiPolygon and says which', () => {
    const multi = { type: 'MultiPolygon', coordinates: [[rect(121.38, 31.23, 121.39, 31.24)], [rect(121.4, 31.23, 121.41, 31.24).slice(0, 4)]] };
    expect(geometryProblems(multi)).toEqual([expect.objectContaining({ code: 'RING_NOT_CLOSED', polygon: 1, ring: 0 })]);
  });
});

describe('areaM2 and intersectionAreaM2', () => {
  const a = poly(rect(121.38, 31.23, 121.39, 31.24));

  it('measures a rectangle in square metres on the local projection', () => {
    expect(areaM2(a)).toBeCloseTo(cellArea(0.01, 0.01), 3);
    // a hole is subtracted, whatever the orientation given
    const holed = poly(rect(121.38, 31.23, 121.39, 31.24), rect(121.383, 31.233, 121.386, 31.236));
    expect(areaM2(holed)).toBeCloseTo(cellArea(0.01, 0.01) - cellArea(0.003, 0.003), 3);
  });

  it('is zero for neighbours sharing a border, and for areas apart', () => {
    expect(intersectionAreaM2(a, poly(rect(121.39, 31.23, 121.4, 31.24)))).toBeLessThan(1e-6);
    expect(intersectionAreaM2(a, poly(rect(121.5, 31.23, 121.51, 31.24)))).toBe(0);
  });

  it('measures the overlap of two rectangles, of a rectangle and a triangle, in either order', () => {
    const b = poly(rect(121.385, 31.235, 121.395, 31.245));
    expect(intersectionAreaM2(a, b)).toBeCloseTo(cellArea(0.005, 0.005), 3);
    expect(intersectionAreaM2(b, a)).toBeCloseTo(cellArea(0.005, 0.005), 3);
    // the triangle below the diagonal of a: half of it
    const tri = poly([[121.38, 31.23], [121.39, 31.23], [121.39, 31.24], [121.38, 31.23]]);
    expect(intersectionAreaM2(a, tri)).toBeCloseTo(areaM2(a) / 2, 3);
  });

  it('measures concave shapes and holes right (a U around a square)', () => {
    const u = poly([[121.38, 31.23], [121.41, 31.23], [121.41, 31.26], [121.4, 31.26], [121.4, 31.24], [121.39, 31.24], [121.39, 31.26], [121.38, 31.26], [121.38, 31.23]]);
    const notch = poly(rect(121.39, 31.24, 121.4, 31.26));
    expect(intersectionAreaM2(u, notch)).toBeLessThan(1e-6);
    const across = poly(rect(121.385, 31.245, 121.405, 31.25)); // crosses both arms and the notch
    expect(intersectionAreaM2(u, across)).toBeCloseTo(2 * cellArea(0.005, 0.005), 3);
    const ring = poly(rect(121.38, 31.23, 121.41, 31.26), rect(121.39, 31.24, 121.4, 31.25));
    expect(intersectionAreaM2(ring, poly(rect(121.39, 31.24, 121.4, 31.25)))).toBeLessThan(1e-6);
    expect(intersectionAreaM2(ring, poly(rect(121.385, 31.24, 121.4, 31.25)))).toBeCloseTo(cellArea(0.005, 0.01), 3);
  });

  it('equals the smaller area when one lies inside the other, and sums over MultiPolygon members', () => {
    const inner = poly(rect(121.383, 31.233, 121.386, 31.236));
    expect(intersectionAreaM2(a, inner)).toBeCloseTo(areaM2(inner), 3);
    const multi: AreaGeometry = { type: 'MultiPolygon', coordinates: [[rect(121.38, 31.23, 121.382, 31.24)], [rect(121.388, 31.23, 121.39, 31.24)]] };
    expect(intersectionAreaM2(a, multi)).toBeCloseTo(2 * cellArea(0.002, 0.01), 3);
  });
});

describe('geometryGcj02ToWgs84', () => {
  it('converts every position back to where the WGS-84 outline was, to a centimetre', () => {
    const wgs = rect(121.38, 31.23, 121.39, 31.24);
    const gcj = wgs.map(([lng, lat]) => {
      const g = wgs84ToGcj02({ lat, lng });
      return [g.lng, g.lat] as Position;
    });
    const back = geometryGcj02ToWgs84(poly(gcj));
    const ring = (back as { coordinates: Position[][] }).coordinates[0];
    ring.forEach(([lng, lat], i) => {
      expect(Math.abs(lng - wgs[i][0])).toBeLessThan(1e-7);
      expect(Math.abs(lat - wgs[i][1])).toBeLessThan(1e-7);
    });
    // the shift itself is hundreds of metres: importing GCJ-02 as WGS-84 would misplace the town
    expect(Math.abs(gcj[0][0] - wgs[0][0])).toBeGreaterThan(0.003);
  });
});
