import { gcj02ToWgs84 } from './gcj02';
import type { AreaGeometry, Position } from './point-in-polygon';
import { signedArea2, toMetres } from './area-measure';
import { insideOrOn, ringsCross, selfIntersection } from './ring-segments';

/**
 * Checks of surveyed area outlines (片区 and 网格 polygons) before they replace the town's map: the shape of the value,
 * ring validity (closed, simple, holes inside) and orientation, and the GCJ-02 → WGS-84 conversion. Areas and overlaps
 * in square metres are area-measure.ts; rings crossing each other are ring-segments.ts.
 */

export type GeometryProblemCode =
  | 'BAD_GEOMETRY'
  | 'BAD_POSITION'
  | 'RING_NOT_CLOSED'
  | 'RING_TOO_SHORT'
  | 'RING_SELF_INTERSECTS'
  | 'RING_ZERO_AREA'
  | 'HOLE_OUTSIDE_OUTER'
  | 'RING_ORIENTATION';

export interface GeometryProblem {
  code: GeometryProblemCode;
  /** `error`: the outline cannot be used; `warning`: used after normalising (orientation) */
  severity: 'error' | 'warning';
  message: string;
  /** which ring: polygon index (0 for a Polygon), ring index (0 = outer) */
  polygon?: number;
  ring?: number;
}

/** Positions a ring may have at most (a surveyed cell outline has a few hundred). */
export const MAX_RING_POSITIONS = 10_000;


function isPosition(p: unknown): p is Position {
  return (
    Array.isArray(p) &&
    (p.length === 2 || p.length === 3) &&
    typeof p[0] === 'number' &&
    typeof p[1] === 'number' &&
    Number.isFinite(p[0]) &&
    Number.isFinite(p[1]) &&
    p[0] >= -180 &&
    p[0] <= 180 &&
    p[1] >= -90 &&
    p[1] <= 90
  );
}

/**
 * Everything wrong with one Polygon/MultiPolygon: the shape of the value, positions (two finite numbers, lng/lat in
 * range), each ring closed with at least 4 positions, no ring crossing or touching itself, no zero-area ring, every
 * hole inside its outer ring; and, as warnings, rings not oriented as RFC 7946 asks (outer counter-clockwise, holes
 * clockwise — normalised on import).
 */
export function geometryProblems(geometry: unknown): GeometryProblem[] {
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (!g || typeof g !== 'object' || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
    return [{ code: 'BAD_GEOMETRY', severity: 'error', message: 'geometry must be a GeoJSON Polygon or MultiPolygon' }];
  }
  const shapeOk =
    Array.isArray(g.coordinates) &&
    g.coordinates.length > 0 &&
    (g.type === 'Polygon'
      ? g.coordinates.every((r) => Array.isArray(r))
      : g.coordinates.every((p) => Array.isArray(p) && p.length > 0 && (p as unknown[]).every((r) => Array.isArray(r))));
  if (!shapeOk) return [{ code: 'BAD_GEOMETRY', severity: 'error', message: `${g.type} coordinates must be ${g.type === 'Polygon' ? 'a list of rings' : 'a list of polygons, each a list of rings'}` }];

  const problems: GeometryProblem[] = [];
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[][][];
  polygons.forEach((rings, polygon) => {
    if (rings.length === 0) {
      problems.push({ code: 'BAD_GEOMETRY', severity: 'error', message: 'a polygon without rings', polygon });
      return;
    }
    const usable: (Position[] | null)[] = rings.map((ring, index) => {
      const at = { polygon, ring: index };
      const bad = ring.findIndex((p) => !isPosition(p));
      if (bad >= 0) {
        problems.push({ code: 'BAD_POSITION', severity: 'error', message: `position ${bad} is not [lng, lat] in range (${JSON.stringify(ring[bad])?.slice(0, 60)})`, ...at });
        return null;
      }
      const r = ring as Position[];
      if (r.length > MAX_RING_POSITIONS) {
        problems.push({ code: 'RING_TOO_SHORT', severity: 'error', message: `a ring has ${r.length} positions, more than ${MAX_RING_POSITIONS}`, ...at });
        return null;
      }
      if (r.length < 4) {
        problems.push({ code: 'RING_TOO_SHORT', severity: 'error', message: `a ring needs at least 4 positions (first = last), this one has ${r.length}`, ...at });
        return null;
      }
      const first = r[0];
      const last = r[r.length - 1];
      if (first[0] !== last[0] || first[1] !== last[1]) {
        problems.push({ code: 'RING_NOT_CLOSED', severity: 'error', message: `the ring is not closed: it starts at [${first[0]}, ${first[1]}] and ends at [${last[0]}, ${last[1]}]`, ...at });
        return null;
      }
      const crossing = selfIntersection(r);
      if (crossing) {
        problems.push({ code: 'RING_SELF_INTERSECTS', severity: 'error', message: `the ring crosses or touches itself near [${crossing[0].toFixed(6)}, ${crossing[1].toFixed(6)}]`, ...at });
        return null;
      }
      const metres = toMetres(r, r[0][1]);
      const area = Math.abs(signedArea2(metres)) / 2;
      if (area < 1e-6) {
        problems.push({ code: 'RING_ZERO_AREA', severity: 'error', message: 'the ring encloses no area', ...at });
        return null;
      }
      const ccw = signedArea2(r) > 0;
      if ((index === 0) !== ccw) {
        problems.push({
          code: 'RING_ORIENTATION',
          severity: 'warning',
          message: index === 0 ? 'the outer ring runs clockwise (RFC 7946: counter-clockwise); reversed on import' : 'a hole runs counter-clockwise (RFC 7946: clockwise); reversed on import',
          ...at,
        });
      }
      return r;
    });
    const outer = usable[0];
    if (!outer) return;
    usable.slice(1).forEach((hole, i) => {
      if (!hole) return;
      // a valid hole lies inside its outer ring: not crossing it (checked on the joined segments) and inside it
      if (!hole.every((p) => insideOrOn(p, outer)) || ringsCross(outer, hole)) {
        problems.push({ code: 'HOLE_OUTSIDE_OUTER', severity: 'error', message: 'a hole is not inside its outer ring', polygon, ring: i + 1 });
      }
    });
  });
  return problems;
}

/** Outer rings counter-clockwise, holes clockwise (RFC 7946), closed rings kept closed. */
export function normalizeOrientation(geometry: AreaGeometry): AreaGeometry {
  const fix = (rings: Position[][]) => rings.map((ring, i) => ((i === 0) === signedArea2(ring) > 0 ? ring.map((p) => [p[0], p[1]] as Position) : [...ring].reverse().map((p) => [p[0], p[1]] as Position)));
  return geometry.type === 'Polygon' ? { type: 'Polygon', coordinates: fix(geometry.coordinates) } : { type: 'MultiPolygon', coordinates: geometry.coordinates.map(fix) };
}

/** Every position converted GCJ-02 (高德/腾讯 maps) → WGS-84; positions rounded to 1e-7° (1 cm). */
export function geometryGcj02ToWgs84(geometry: AreaGeometry): AreaGeometry {
  const conv = (rings: Position[][]) =>
    rings.map((ring) =>
      ring.map(([lng, lat]) => {
        const w = gcj02ToWgs84({ lat, lng });
        return [round7(w.lng), round7(w.lat)] as Position;
      }),
    );
  return geometry.type === 'Polygon' ? { type: 'Polygon', coordinates: conv(geometry.coordinates) } : { type: 'MultiPolygon', coordinates: geometry.coordinates.map(conv) };
}

const round7 = (n: number) => Math.round(n * 1e7) / 1e7;
