import { gcj02ToWgs84 } from './gcj02';
import type { AreaGeometry, Position } from './point-in-polygon';

/**
 * Checks of surveyed area outlines (片区 and 网格 polygons) before they replace the town's map, and the planar
 * geometry they need: ring validity, areas and intersection areas in square metres.
 *
 * Areas are computed on a local equirectangular projection (metres east and north of a reference latitude): at town
 * scale (a few km) its error is far below a square metre per hectare. Intersections use no polygon-clipping library:
 * each polygon's winding indicator is the signed sum of the trapezoids between its edges and a baseline below it, so
 * area(A ∩ B) = Σ ± area(trapezoid of A ∩ trapezoid of B) — each term an intersection of two convex quadrilaterals
 * (Sutherland–Hodgman). Both polygons are first clipped to the overlap of their bounding boxes, so neighbours sharing
 * a long border cost only the vertices near it. Valid input is assumed for the areas (rings closed, simple, holes
 * inside): `geometryProblems` says when it is not, and the import refuses such a file before measuring it.
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

const polygonsOf = (g: AreaGeometry): Position[][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

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

/** Twice the signed planar area of a ring in its own units (positive = counter-clockwise). */
function signedArea2(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return s;
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

// ---- metres ------------------------------------------------------------------------------------------------------

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Reference latitude of the town (长征镇 ≈ 31.24° N), for the local projection. */
export const TOWN_REFERENCE_LAT = 31.24;

function toMetres(ring: readonly Position[], refLat = TOWN_REFERENCE_LAT): Position[] {
  const k = Math.cos(refLat * RAD);
  return ring.map(([lng, lat]) => [EARTH_RADIUS_M * lng * RAD * k, EARTH_RADIUS_M * lat * RAD]);
}

function geometryToMetres(g: AreaGeometry, refLat: number): Position[][][] {
  return polygonsOf(g).map((rings) => rings.map((r) => toMetres(r, refLat)));
}

/** Area in m² (outer rings minus holes) of a valid geometry. */
export function areaM2(geometry: AreaGeometry, refLat = TOWN_REFERENCE_LAT): number {
  let total = 0;
  for (const rings of geometryToMetres(geometry, refLat)) {
    rings.forEach((r, i) => (total += (i === 0 ? 1 : -1) * Math.abs(signedArea2(r)) / 2));
  }
  return total;
}

type Box = [number, number, number, number];

function boxOf(rings: readonly Position[][]): Box {
  const b: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const r of rings) for (const [x, y] of r) {
    if (x < b[0]) b[0] = x;
    if (y < b[1]) b[1] = y;
    if (x > b[2]) b[2] = x;
    if (y > b[3]) b[3] = y;
  }
  return b;
}

/** Thrown by intersectionAreaM2 when a shared work budget runs out (outlines too detailed to compare in time). */
export class AreaWorkExceeded extends Error {}

/** A budget of convex clips shared by many intersectionAreaM2 calls: bounds the work one file can cause. */
export interface AreaWork {
  clips: number;
  max: number;
}

/** Area in m² of the intersection of two valid geometries (0 when they only share borders). */
export function intersectionAreaM2(a: AreaGeometry, b: AreaGeometry, refLat = TOWN_REFERENCE_LAT, work?: AreaWork): number {
  const ra = orientedRings(geometryToMetres(a, refLat));
  const rb = orientedRings(geometryToMetres(b, refLat));
  const ba = boxOf(ra);
  const bb = boxOf(rb);
  const win: Box = [Math.max(ba[0], bb[0]), Math.max(ba[1], bb[1]), Math.min(ba[2], bb[2]), Math.min(ba[3], bb[3])];
  if (win[0] >= win[2] || win[1] >= win[3]) return 0;
  const ta = trapezoids(ra.map((r) => clipToBox(r, win)), win[1]);
  const tb = trapezoids(rb.map((r) => clipToBox(r, win)), win[1]);
  if (!ta.length || !tb.length) return 0;
  tb.sort((p, q) => p.x0 - q.x0);
  let total = 0;
  for (const t of ta) {
    for (const u of tb) {
      if (u.x0 >= t.x1) break;
      if (u.x1 <= t.x0) continue;
      if (work && ++work.clips > work.max) throw new AreaWorkExceeded(`more than ${work.max} clips`);
      const clipped = clipConvex(t.poly, u.poly);
      if (clipped.length >= 3) total += t.sign * u.sign * (signedArea2(clipped) / 2);
    }
  }
  // the exact value is ≥ 0; rounding leaves crumbs of ±1e-9 m² along shared borders
  return Math.max(0, total);
}

/** Outer rings counter-clockwise, holes clockwise: the winding number is then 1 inside, 0 outside. */
function orientedRings(polygons: Position[][][]): Position[][] {
  const out: Position[][] = [];
  for (const rings of polygons) rings.forEach((r, i) => out.push((i === 0) === signedArea2(r) > 0 ? r : [...r].reverse()));
  return out;
}

interface Trapezoid {
  x0: number;
  x1: number;
  sign: 1 | -1;
  /** counter-clockwise */
  poly: Position[];
}

/**
 * The region between each edge and the horizontal line y = base (below every position): for counter-clockwise rings
 * edges running west are on top (+), edges running east below (−); their signed sum is the winding indicator.
 */
function trapezoids(rings: Position[][], base: number): Trapezoid[] {
  const out: Trapezoid[] = [];
  for (const r of rings) {
    // rings here are open (clipToBox drops the repeated first position): the last edge runs back to the first
    for (let i = 0; i < r.length; i++) {
      const p = r[i];
      const q = r[(i + 1) % r.length];
      if (p[0] === q[0]) continue;
      const [l, h] = p[0] < q[0] ? [p, q] : [q, p];
      const poly: Position[] = [[l[0], base], [h[0], base], h, l];
      if (signedArea2(poly) <= 0) continue; // the edge lies on the base: nothing between
      out.push({ x0: l[0], x1: h[0], sign: p[0] > q[0] ? 1 : -1, poly });
    }
  }
  return out;
}

/** Sutherland–Hodgman: a ring clipped to an axis-aligned box (its winding indicator restricted to the box). */
function clipToBox(ring: Position[], [x0, y0, x1, y1]: Box): Position[] {
  let pts = openRing(ring);
  const planes: [(p: Position) => number][] = [[(p) => p[0] - x0], [(p) => x1 - p[0]], [(p) => p[1] - y0], [(p) => y1 - p[1]]];
  for (const [side] of planes) {
    pts = clipByFunction(pts, side);
    if (pts.length === 0) break;
  }
  return pts;
}

function openRing(ring: Position[]): Position[] {
  const n = ring.length;
  return n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1] ? ring.slice(0, n - 1) : ring.slice();
}

/** Keep the part where side(p) ≥ 0, side being affine along any segment. */
function clipByFunction(pts: Position[], side: (p: Position) => number): Position[] {
  const out: Position[] = [];
  for (let i = 0; i < pts.length; i++) {
    const cur = pts[i];
    const prev = pts[(i + pts.length - 1) % pts.length];
    const sc = side(cur);
    const sp = side(prev);
    if (sc >= 0) {
      if (sp < 0) out.push(cut(prev, cur, sp, sc));
      out.push(cur);
    } else if (sp >= 0) out.push(cut(prev, cur, sp, sc));
  }
  return out;
}

function cut(a: Position, b: Position, sa: number, sb: number): Position {
  const t = sa / (sa - sb);
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

/** Convex subject ∩ convex counter-clockwise clip polygon. */
function clipConvex(subject: Position[], clip: Position[]): Position[] {
  let pts = subject;
  for (let i = 0; i < clip.length && pts.length; i++) {
    const a = clip[i];
    const b = clip[(i + 1) % clip.length];
    pts = clipByFunction(pts, (p) => (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]));
  }
  return pts;
}

// ---- rings crossing ----------------------------------------------------------------------------------------------

interface Segment {
  a: Position;
  b: Position;
  minX: number;
  maxX: number;
  index: number;
}

function segmentsOf(ring: readonly Position[], offset = 0): Segment[] {
  const segs: Segment[] = [];
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i];
    const b = ring[i + 1];
    segs.push({ a, b, minX: Math.min(a[0], b[0]), maxX: Math.max(a[0], b[0]), index: offset + i });
  }
  return segs;
}

const orient = (a: Position, b: Position, c: Position) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
const sgn = (v: number) => (v > 0 ? 1 : v < 0 ? -1 : 0);
const onSeg = (a: Position, b: Position, c: Position) =>
  Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1]);

/** Whether two closed segments share a point (exact predicates on the given floats). */
function segmentsMeet(p: Position, q: Position, r: Position, s: Position): boolean {
  const d1 = sgn(orient(r, s, p));
  const d2 = sgn(orient(r, s, q));
  const d3 = sgn(orient(p, q, r));
  const d4 = sgn(orient(p, q, s));
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  return (d1 === 0 && onSeg(r, s, p)) || (d2 === 0 && onSeg(r, s, q)) || (d3 === 0 && onSeg(p, q, r)) || (d4 === 0 && onSeg(p, q, s));
}

/**
 * A point where a closed ring crosses or touches itself (beyond the shared vertex of consecutive edges), or null.
 * Segments are swept in order of their west end, so a ring of n edges costs about n log n plus the pairs whose
 * longitude ranges overlap.
 */
export function selfIntersection(ring: readonly Position[]): Position | null {
  const segs = segmentsOf(ring).sort((s, t) => s.minX - t.minX);
  const n = ring.length - 1;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    for (let j = i + 1; j < segs.length && segs[j].minX <= s.maxX; j++) {
      const t = segs[j];
      const gap = Math.abs(s.index - t.index);
      if (gap === 1 || gap === n - 1) {
        // neighbours share one vertex; they overlap only when one folds back over the other
        const [lo, hi] = s.index < t.index ? [s, t] : [t, s];
        const [shared, p, q] = hi.index - lo.index === 1 ? [lo.b, lo.a, hi.b] : [lo.a, lo.b, hi.a];
        if (orient(shared, p, q) === 0 && (p[0] - shared[0]) * (q[0] - shared[0]) + (p[1] - shared[1]) * (q[1] - shared[1]) > 0) return shared;
        continue;
      }
      if (segmentsMeet(s.a, s.b, t.a, t.b)) return intersectionPoint(s, t);
    }
  }
  return null;
}

function ringsCross(a: readonly Position[], b: readonly Position[]): boolean {
  const sb = segmentsOf(b).sort((s, t) => s.minX - t.minX);
  for (const s of segmentsOf(a)) {
    for (const t of sb) {
      if (t.minX > s.maxX) break;
      if (t.maxX < s.minX) continue;
      if (segmentsMeet(s.a, s.b, t.a, t.b)) return true;
    }
  }
  return false;
}

function intersectionPoint(s: Segment, t: Segment): Position {
  const d = (s.b[0] - s.a[0]) * (t.b[1] - t.a[1]) - (s.b[1] - s.a[1]) * (t.b[0] - t.a[0]);
  if (d === 0) return s.a;
  const u = ((t.a[0] - s.a[0]) * (t.b[1] - t.a[1]) - (t.a[1] - s.a[1]) * (t.b[0] - t.a[0])) / d;
  return [s.a[0] + u * (s.b[0] - s.a[0]), s.a[1] + u * (s.b[1] - s.a[1])];
}

function insideOrOn(p: Position, ring: readonly Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j];
    const b = ring[i];
    if (orient(a, b, p) === 0 && onSeg(a, b, p)) return true;
    if (b[1] > p[1] !== a[1] > p[1] && p[0] < ((a[0] - b[0]) * (p[1] - b[1])) / (a[1] - b[1]) + b[0]) inside = !inside;
  }
  return inside;
}
