import type { LatLng } from '@gridops/domain';

const M_PER_DEG_LAT = 110_540;
const mPerDegLng = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180);

// the sampling itself is libs/domain's (geo/sample-points.ts): the demo history places its reports the same way
export { pointNear, samplePointIn } from '@gridops/domain';

/** Ground distance in metres (equirectangular; fine at town scale). */
export function metresBetween(a: LatLng, b: LatLng): number {
  return Math.hypot((a.lat - b.lat) * M_PER_DEG_LAT, (a.lng - b.lng) * mPerDegLng((a.lat + b.lat) / 2));
}
