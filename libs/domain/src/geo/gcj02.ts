import type { LatLng } from './point-in-polygon';

/**
 * GCJ-02 (国测局坐标, "Mars coordinates") ↔ WGS-84. Maps published in China (高德/Amap, 腾讯/Tencent, and many
 * platforms' map pickers) give GCJ-02, which is WGS-84 shifted by a few hundred metres; the town's outlines and the
 * report API use WGS-84. The forward formula is the widely published one; the inverse has no closed form, so it is
 * found by fixed-point iteration (converges to well under a centimetre in a few steps).
 * Outside mainland China GCJ-02 equals WGS-84.
 */
const A = 6378245.0; // Krasovsky 1940 semi-major axis, as the formula uses
const EE = 0.006693421622965943; // its eccentricity squared

function outsideChina(p: LatLng): boolean {
  return p.lng < 72.004 || p.lng > 137.8347 || p.lat < 0.8293 || p.lat > 55.8271;
}

function offsetLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function offsetLng(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

/** WGS-84 → GCJ-02. */
export function wgs84ToGcj02(p: LatLng): LatLng {
  if (outsideChina(p)) return { lat: p.lat, lng: p.lng };
  const radLat = (p.lat / 180) * Math.PI;
  const magic = 1 - EE * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (offsetLat(p.lng - 105, p.lat - 35) * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLng = (offsetLng(p.lng - 105, p.lat - 35) * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lat: p.lat + dLat, lng: p.lng + dLng };
}

/** GCJ-02 → WGS-84, to about 1e-9° (a millimetre). */
export function gcj02ToWgs84(p: LatLng): LatLng {
  if (outsideChina(p)) return { lat: p.lat, lng: p.lng };
  let guess = { lat: p.lat, lng: p.lng };
  for (let i = 0; i < 20; i++) {
    const shifted = wgs84ToGcj02(guess);
    const dLat = shifted.lat - p.lat;
    const dLng = shifted.lng - p.lng;
    guess = { lat: guess.lat - dLat, lng: guess.lng - dLng };
    if (Math.abs(dLat) < 1e-10 && Math.abs(dLng) < 1e-10) break;
  }
  return guess;
}
