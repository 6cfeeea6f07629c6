import { bbox, pointInGeometry, type AreaGeometry, type LatLng } from './point-in-polygon';

/** Points for made-up reports (the demo simulator's live stream and the demo history), from uniform draws in [0, 1). */
type Rng = () => number;

const M_PER_DEG_LAT = 110_540;
const mPerDegLng = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180);
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/**
 * A uniformly random point strictly inside the area (rejection sampling in its bounding box), rounded to 6 decimals
 * (~0.1 m) like the seed geography. Points within `marginM` of the border are refused too, so rounding or the
 * server's tie-break on shared borders cannot move the report into the neighbouring grid cell.
 */
export function samplePointIn(geometry: AreaGeometry, rng: Rng, marginM = 5): LatLng {
  const [minLng, minLat, maxLng, maxLat] = bbox(geometry);
  const midLat = (minLat + maxLat) / 2;
  const dLat = marginM / M_PER_DEG_LAT;
  const dLng = marginM / mPerDegLng(midLat);
  for (let attempt = 0; attempt < 200; attempt++) {
    const p = { lat: round6(minLat + (maxLat - minLat) * rng()), lng: round6(minLng + (maxLng - minLng) * rng()) };
    const clear = [
      p,
      { lat: p.lat + dLat, lng: p.lng },
      { lat: p.lat - dLat, lng: p.lng },
      { lat: p.lat, lng: p.lng + dLng },
      { lat: p.lat, lng: p.lng - dLng },
    ].every((q) => pointInGeometry(q, geometry));
    if (clear) return p;
  }
  // a sliver of a cell: fall back to the mean of the outer ring's vertices (inside for the convex cells we seed)
  const ring = geometry.type === 'Polygon' ? geometry.coordinates[0] : geometry.coordinates[0][0];
  const pts = ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring.slice(0, -1) : ring;
  return {
    lat: round6(pts.reduce((s, q) => s + q[1], 0) / pts.length),
    lng: round6(pts.reduce((s, q) => s + q[0], 0) / pts.length),
  };
}

/** A point `minM`–`maxM` metres from `origin` in a random direction: a second report of the same problem. */
export function pointNear(origin: LatLng, minM: number, maxM: number, rng: Rng): LatLng {
  const distance = minM + (maxM - minM) * rng();
  const bearing = 2 * Math.PI * rng();
  return {
    lat: round6(origin.lat + (distance * Math.cos(bearing)) / M_PER_DEG_LAT),
    lng: round6(origin.lng + (distance * Math.sin(bearing)) / mPerDegLng(origin.lat)),
  };
}

