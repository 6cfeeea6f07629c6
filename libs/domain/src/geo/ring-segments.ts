import type { Position } from './point-in-polygon';

/** Segments of rings: whether a ring crosses itself or another, and whether a point lies inside or on a ring. */

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

export function ringsCross(a: readonly Position[], b: readonly Position[]): boolean {
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

export function insideOrOn(p: Position, ring: readonly Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j];
    const b = ring[i];
    if (orient(a, b, p) === 0 && onSeg(a, b, p)) return true;
    if (b[1] > p[1] !== a[1] > p[1] && p[0] < ((a[0] - b[0]) * (p[1] - b[1])) / (a[1] - b[1]) + b[0]) inside = !inside;
  }
  return inside;
}
