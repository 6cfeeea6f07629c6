import type { DistrictView, GridCellView } from '@gridops/contracts';
import type { AreaGeometry, Position } from '@gridops/domain';
import type { Drill } from './drill';

/** A GeoJSON FeatureCollection as echarts.registerMap takes it (one feature per grid cell, named by its code). */
export interface CellCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; id: string; properties: { name: string }; geometry: AreaGeometry }[];
}

/** The registered map's name for a drill level; each level is its own map so ECharts fits it to the panel. */
export function mapName(d: Drill): string {
  return `gridops:${d.grid ?? d.district ?? 'town'}`;
}

export function cellsInDrill(cells: readonly GridCellView[], d: Drill): GridCellView[] {
  return cells.filter((c) => (d.grid ? c.code === d.grid : d.district ? c.districtCode === d.district : true));
}

export function cellCollection(cells: readonly GridCellView[]): CellCollection {
  return {
    type: 'FeatureCollection',
    features: cells.map((c) => ({ type: 'Feature', id: c.code, properties: { name: c.code }, geometry: c.geometry })),
  };
}

/** Outer rings of the 片区 shown, as polylines (the map draws them thicker than the grid cell borders). */
export function districtRings(districts: readonly DistrictView[], d: Drill): Position[][] {
  const shown = d.district ? districts.filter((x) => x.code === d.district) : districts;
  return shown.flatMap((x) => (x.geometry.type === 'Polygon' ? [x.geometry.coordinates[0]] : x.geometry.coordinates.map((p) => p[0])));
}

/** Area centroid of a geometry's largest outer ring (shoelace); where its name is written on the map. */
export function centroid(g: AreaGeometry): Position {
  const rings = g.type === 'Polygon' ? [g.coordinates[0]] : g.coordinates.map((p) => p[0]);
  let best: { area: number; c: Position } | null = null;
  for (const ring of rings) {
    let a = 0;
    let cx = 0;
    let cy = 0;
    const n = ring.length;
    for (let i = 0; i < n; i++) {
      const [x0, y0] = ring[i];
      const [x1, y1] = ring[(i + 1) % n];
      const cross = x0 * y1 - x1 * y0;
      a += cross;
      cx += (x0 + x1) * cross;
      cy += (y0 + y1) * cross;
    }
    const c: Position = a === 0 ? [ring.reduce((s, p) => s + p[0], 0) / n, ring.reduce((s, p) => s + p[1], 0) / n] : [cx / (3 * a), cy / (3 * a)];
    if (!best || Math.abs(a) > best.area) best = { area: Math.abs(a), c };
  }
  return best?.c ?? [0, 0];
}

/** Map x/y ratio at the town's latitude, so the outlines are not squashed (a degree of longitude is shorter here). */
export function aspectScaleAt(lat: number): number {
  return Math.cos((lat * Math.PI) / 180);
}
