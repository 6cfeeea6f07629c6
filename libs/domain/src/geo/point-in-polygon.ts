/** GeoJSON order: [lng, lat]. */
export type Position = [number, number];

export interface PolygonGeometry {
  type: 'Polygon';
  /** First ring is the outer boundary, any further rings are holes. Rings may be closed or not. */
  coordinates: Position[][];
}

export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}

export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

export interface LatLng {
  lat: number;
  lng: number;
}

/**
 * Distance in degrees (~0.1 mm on the ground) within which a point counts as lying on an edge.
 * Exact collinearity cannot be tested in floating point for coordinates like 121.4, and without
 * a tolerance a report on the shared border of two grid cells (网格) could fall into neither.
 */
export const EDGE_TOLERANCE_DEG = 1e-9;

/**
 * Whether the point lies in the area: inside an outer ring and not strictly inside one of its holes.
 * Boundaries — outer edges, hole edges, vertices — count as inside (the area is a closed set), so a
 * point on the border shared by two cells is found in both and findContaining picks the first.
 * Planar ray casting on lng/lat: fine at town scale; rings crossing the antimeridian are not supported.
 */
export function pointInGeometry(point: LatLng, geometry: AreaGeometry): boolean {
  if (!Number.isFinite(point.lat) || !Number.isFinite(point.lng)) return false;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.some((rings) => pointInPolygon(point.lng, point.lat, rings));
}

/** First area (in the given order) containing the point; order decides ties on shared borders. */
export function findContaining<T extends { geometry: AreaGeometry }>(point: LatLng, areas: readonly T[]): T | undefined {
  return areas.find((area) => pointInGeometry(point, area.geometry));
}

/** [minLng, minLat, maxLng, maxLat] over every ring, holes included. Throws on a geometry with no positions. */
export function bbox(geometry: AreaGeometry): [number, number, number, number] {
  let minLng = Infinity;
  let minLat = Infinity;
  let maxLng = -Infinity;
  let maxLat = -Infinity;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const rings of polygons) {
    for (const ring of rings) {
      for (const [lng, lat] of ring) {
        if (lng < minLng) minLng = lng;
        if (lng > maxLng) maxLng = lng;
        if (lat < minLat) minLat = lat;
        if (lat > maxLat) maxLat = lat;
      }
    }
  }
  if (minLng === Infinity) throw new Error(`bbox: ${geometry.type} has no positions`);
  return [minLng, minLat, maxLng, maxLat];
}

/** Finite numbers with lat in [-90, 90] and lng in [-180, 180]; rejects strings like "31.2". */
export function isValidLatLng(p: { lat: unknown; lng: unknown }): boolean {
  // Called on untrusted request bodies, so tolerate a missing object too.
  if (typeof p !== 'object' || p === null) return false;
  const { lat, lng } = p;
  return (
    typeof lat === 'number' &&
    typeof lng === 'number' &&
    Number.isFinite(lat) &&
    Number.isFinite(lng) &&
    lat >= -90 &&
    lat <= 90 &&
    lng >= -180 &&
    lng <= 180
  );
}

function pointInPolygon(x: number, y: number, rings: Position[][]): boolean {
  const [outer, ...holes] = rings;
  if (!outer || outer.length === 0) return false;
  if (onRingEdge(x, y, outer)) return true;
  if (!insideRing(x, y, outer)) return false;
  for (const hole of holes) {
    if (onRingEdge(x, y, hole)) return true;
    if (insideRing(x, y, hole)) return false;
  }
  return true;
}

/**
 * Even-odd ray cast towards +x. The half-open test (yi > y) !== (yj > y) counts a vertex exactly on
 * the ray once, and skips horizontal edges; it works whether or not the ring repeats its first position.
 */
function insideRing(x: number, y: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function onRingEdge(x: number, y: number, ring: Position[]): boolean {
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    if (onSegment(x, y, ring[j], ring[i])) return true;
  }
  return false;
}

function onSegment(x: number, y: number, [ax, ay]: Position, [bx, by]: Position): boolean {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
  const ex = x - (ax + t * dx);
  const ey = y - (ay + t * dy);
  return ex * ex + ey * ey <= EDGE_TOLERANCE_DEG * EDGE_TOLERANCE_DEG;
}
