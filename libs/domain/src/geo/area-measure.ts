import type { AreaGeometry, Position } from './point-in-polygon';

/**
 * Areas and intersection areas, in square metres, of surveyed area outlines (片区 and 网格 polygons).
 *
 * Areas are computed on a local equirectangular projection (metres east and north of a reference latitude): at town
 * scale (a few km) its error is far below a square metre per hectare. Intersections use no polygon-clipping library:
 * each polygon's winding indicator is the signed sum of the trapezoids between its edges and a baseline below it, so
 * area(A ∩ B) = Σ ± area(trapezoid of A ∩ trapezoid of B) — each term an intersection of two convex quadrilaterals
 * (Sutherland–Hodgman). Both polygons are first clipped to the overlap of their bounding boxes, so neighbours sharing
 * a long border cost only the vertices near it. Valid input is assumed for the areas (rings closed, simple, holes
 * inside): `geometryProblems` says when it is not, and the import refuses such a file before measuring it.
 */

const polygonsOf = (g: AreaGeometry): Position[][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

/** Twice the signed planar area of a ring in its own units (positive = counter-clockwise). */
export function signedArea2(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return s;
}

// ---- metres ------------------------------------------------------------------------------------------------------

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Reference latitude of the town (长征镇 ≈ 31.24° N), for the local projection. */
export const TOWN_REFERENCE_LAT = 31.24;

export function toMetres(ring: readonly Position[], refLat = TOWN_REFERENCE_LAT): Position[] {
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
