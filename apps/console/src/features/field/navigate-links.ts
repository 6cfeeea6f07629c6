import { wgs84ToGcj02, type LatLng } from '@gridops/domain';

/**
 * Links that open a case's point in the phone's map app for navigation (导航). Case points are WGS-84 (GPS);
 * Amap (高德) expects GCJ-02, so the point is shifted for it; Baidu takes WGS-84 with `coord_type=wgs84`.
 */
export interface NavigateLinks {
  /** the OS's default map app (Android; iOS opens Apple Maps through the maps.apple.com link) */
  geo: string;
  amap: string;
  baidu: string;
}

const fixed = (n: number) => n.toFixed(6);

export function navigateLinks(p: LatLng, label: string): NavigateLinks {
  const name = encodeURIComponent(label);
  const g = wgs84ToGcj02(p);
  return {
    geo: `geo:${fixed(p.lat)},${fixed(p.lng)}?q=${fixed(p.lat)},${fixed(p.lng)}(${name})`,
    amap: `https://uri.amap.com/marker?position=${fixed(g.lng)},${fixed(g.lat)}&name=${name}&coordinate=gaode&callnative=1`,
    baidu: `https://api.map.baidu.com/marker?location=${fixed(p.lat)},${fixed(p.lng)}&title=${name}&content=${name}&coord_type=wgs84&output=html&src=gridops`,
  };
}
