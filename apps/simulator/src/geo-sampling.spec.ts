import { pointInGeometry, type PolygonGeometry, type Position } from '@gridops/domain';
import { metresBetween, pointNear, samplePointIn } from './geo-sampling';
import { seededRng } from './random';

const square: PolygonGeometry = {
  type: 'Polygon',
  coordinates: [[[121.37, 31.23], [121.38, 31.23], [121.38, 31.235], [121.37, 31.235], [121.37, 31.23]] as Position[]],
};
/** an L: the square without its north-east quarter */
const ell: PolygonGeometry = {
  type: 'Polygon',
  coordinates: [[[121.37, 31.23], [121.38, 31.23], [121.38, 31.2325], [121.375, 31.2325], [121.375, 31.235], [121.37, 31.235], [121.37, 31.23]] as Position[]],
};
/** the square with a hole in the middle */
const donut: PolygonGeometry = {
  type: 'Polygon',
  coordinates: [
    square.coordinates[0],
    [[121.373, 31.2315], [121.377, 31.2315], [121.377, 31.2335], [121.373, 31.2335], [121.373, 31.2315]] as Position[],
  ],
};

describe('points inside grid cells', () => {
  it.each([
    ['a square', square],
    ['a concave cell', ell],
    ['a cell with a hole', donut],
  ])('samples points strictly inside %s, clear of its border', (_name, geometry) => {
    const rng = seededRng(12);
    for (let i = 0; i < 500; i++) {
      const p = samplePointIn(geometry, rng, 5);
      expect(pointInGeometry(p, geometry)).toBe(true);
      // 5 m clear of every edge: a point 4 m away in each direction is still inside
      for (const [dLat, dLng] of [[4 / 110_540, 0], [-4 / 110_540, 0], [0, 4 / 95_000], [0, -4 / 95_000]]) {
        expect(pointInGeometry({ lat: p.lat + dLat, lng: p.lng + dLng }, geometry)).toBe(true);
      }
      expect(Number(p.lat.toFixed(6))).toBe(p.lat);
    }
  });

  it('spreads samples over the whole cell, not one corner', () => {
    const rng = seededRng(13);
    const pts = Array.from({ length: 400 }, () => samplePointIn(square, rng));
    const west = pts.filter((p) => p.lng < 121.375).length;
    const south = pts.filter((p) => p.lat < 31.2325).length;
    expect(west / pts.length).toBeGreaterThan(0.4);
    expect(west / pts.length).toBeLessThan(0.6);
    expect(south / pts.length).toBeGreaterThan(0.4);
    expect(south / pts.length).toBeLessThan(0.6);
  });

  it('puts a repeat report 5–30 m from the first one', () => {
    const rng = seededRng(14);
    const origin = { lat: 31.2401, lng: 121.3902 };
    for (let i = 0; i < 300; i++) {
      const d = metresBetween(origin, pointNear(origin, 5, 30, rng));
      expect(d).toBeGreaterThanOrEqual(4.8);
      expect(d).toBeLessThanOrEqual(30.2);
    }
  });
});
