/**
 * Seed geography of 长征镇: the four 片区 and their grid cells (网格).
 *
 * SCHEMATIC, NOT SURVEYED. The outlines are a plausible stand-in so the live board can draw an offline map
 * (domain.md §8: no tile server) and demo cases can be placed inside cells. They are not the town's real
 * boundaries; an admin replaces them with surveyed GeoJSON before production use.
 *
 * Construction: ONE shared lattice of 5 × 5 vertices spans the town (about lat 31.230–31.250 N,
 * lng 121.370–121.410 E) and tessellates it into 4 × 4 grid cells. Every vertex gets a small fixed jitter
 * (hard-coded below, at most ±0.0012°) so the shapes look hand-drawn. Because neighbouring cells reuse the
 * very same vertices, cells tile the town with no gaps and no overlaps, and each district outline (the outer
 * ring of its 2 × 2 cells, mid-edge vertices included) coincides exactly with its cells' borders.
 *
 * Layout: 新城 Xincheng north-west, 怒江 Nujiang north-east, 梅川 Meichuan south-west, 金沙 Jinsha south-east.
 * Cells are numbered in reading order inside their district: 1 = NW, 2 = NE, 3 = SW, 4 = SE.
 *
 * GeoJSON conventions: positions are [lng, lat]; rings are closed (first === last); outer rings run
 * counter-clockwise; coordinates are rounded to 6 decimals.
 */
import type { DistrictCode } from '@gridops/domain';

export const GEOGRAPHY_IS_SCHEMATIC = true;

/** GeoJSON position: [longitude, latitude]. */
export type Position = [number, number];

export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Position[][];
}

export interface DistrictSeed {
  code: DistrictCode;
  nameZh: string;
  nameEn: string;
  geometry: PolygonGeometry;
}

export interface GridCellSeed {
  /** `<district>-<nn>`, e.g. 'xincheng-01' */
  code: string;
  districtCode: DistrictCode;
  /** e.g. '新城第1网格' */
  nameZh: string;
  /** e.g. 'Xincheng grid 1' */
  nameEn: string;
  geometry: PolygonGeometry;
}

export interface LatLng {
  lat: number;
  lng: number;
}

// ---- the lattice ------------------------------------------------------------------------------------------

/** Lattice origin and step, in micro-degrees (integers, so rounding to 6 decimals is exact). */
const ORIGIN_LNG_MICRO = 121_370_000;
const ORIGIN_LAT_MICRO = 31_230_000;
const STEP_LNG_MICRO = 10_000; // 0.010° ≈ 950 m
const STEP_LAT_MICRO = 5_000; // 0.005° ≈ 555 m
const LATTICE_SIZE = 5;

/**
 * Fixed jitter per lattice vertex, [dLng, dLat] in units of 0.0001°. Row j = 0 is the southern edge,
 * column i = 0 the western edge. Hand-picked numbers (no Math.random): the map must be identical everywhere.
 */
const JITTER: ReadonlyArray<ReadonlyArray<readonly [number, number]>> = [
  [[6, -4], [-9, 3], [4, -7], [-5, 2], [8, -5]],
  [[-7, 5], [11, -6], [-3, 9], [7, -8], [-4, 6]],
  [[5, -9], [-8, 4], [10, 7], [-6, -3], [3, 10]],
  [[-10, 2], [4, 8], [-7, -10], [9, 5], [-2, -7]],
  [[7, 3], [-5, -6], [2, 9], [-11, 4], [9, -3]],
];

function vertex(i: number, j: number): Position {
  const [dLng, dLat] = JITTER[j][i];
  return [
    (ORIGIN_LNG_MICRO + i * STEP_LNG_MICRO + dLng * 100) / 1e6,
    (ORIGIN_LAT_MICRO + j * STEP_LAT_MICRO + dLat * 100) / 1e6,
  ];
}

/** Closed, counter-clockwise ring through the lattice boundary of the block [i0, i0+w] × [j0, j0+h]. */
function blockRing(i0: number, j0: number, w: number, h: number): Position[] {
  const ring: Position[] = [];
  for (let i = i0; i < i0 + w; i++) ring.push(vertex(i, j0)); // south edge, west → east
  for (let j = j0; j < j0 + h; j++) ring.push(vertex(i0 + w, j)); // east edge, south → north
  for (let i = i0 + w; i > i0; i--) ring.push(vertex(i, j0 + h)); // north edge, east → west
  for (let j = j0 + h; j > j0; j--) ring.push(vertex(i0, j)); // west edge, north → south
  ring.push(vertex(i0, j0));
  return ring;
}

function polygon(ring: Position[]): PolygonGeometry {
  return { type: 'Polygon', coordinates: [ring] };
}

// ---- districts and cells ----------------------------------------------------------------------------------

/** Lower-left lattice index [i, j] of each district's 2 × 2 block. */
const DISTRICT_LAYOUT: ReadonlyArray<{ code: DistrictCode; nameZh: string; nameEn: string; i0: number; j0: number }> = [
  { code: 'xincheng', nameZh: '新城', nameEn: 'Xincheng', i0: 0, j0: 2 }, // north-west
  { code: 'jinsha', nameZh: '金沙', nameEn: 'Jinsha', i0: 2, j0: 0 }, // south-east
  { code: 'nujiang', nameZh: '怒江', nameEn: 'Nujiang', i0: 2, j0: 2 }, // north-east
  { code: 'meichuan', nameZh: '梅川', nameEn: 'Meichuan', i0: 0, j0: 0 }, // south-west
];

/** Offsets of cells 1..4 inside a district block, reading order: NW, NE, SW, SE. */
const CELL_OFFSETS: ReadonlyArray<readonly [number, number]> = [
  [0, 1],
  [1, 1],
  [0, 0],
  [1, 0],
];

export const TOWN_GEOGRAPHY: { districts: DistrictSeed[]; gridCells: GridCellSeed[] } = {
  districts: DISTRICT_LAYOUT.map((d) => ({
    code: d.code,
    nameZh: d.nameZh,
    nameEn: d.nameEn,
    geometry: polygon(blockRing(d.i0, d.j0, 2, 2)),
  })),
  gridCells: DISTRICT_LAYOUT.flatMap((d) =>
    CELL_OFFSETS.map(([di, dj], k) => ({
      code: `${d.code}-${String(k + 1).padStart(2, '0')}`,
      districtCode: d.code,
      nameZh: `${d.nameZh}第${k + 1}网格`,
      nameEn: `${d.nameEn} grid ${k + 1}`,
      geometry: polygon(blockRing(d.i0 + di, d.j0 + dj, 1, 1)),
    })),
  ),
};

/** Outline of the whole town (outer ring of all 16 cells). */
export const TOWN_OUTLINE: PolygonGeometry = polygon(blockRing(0, 0, LATTICE_SIZE - 1, LATTICE_SIZE - 1));

/** Nominal centre of the (schematic) town, for the initial map view. */
export const TOWN_CENTER: LatLng = { lat: 31.24, lng: 121.39 };

// ---- helpers ----------------------------------------------------------------------------------------------

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Area centroid of a closed ring (shoelace); falls back to the vertex mean for a degenerate ring. */
function ringCentroid(ring: Position[]): LatLng {
  let twiceArea = 0;
  let cx = 0;
  let cy = 0;
  for (let k = 0; k < ring.length - 1; k++) {
    const [x0, y0] = ring[k];
    const [x1, y1] = ring[k + 1];
    const cross = x0 * y1 - x1 * y0;
    twiceArea += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (twiceArea === 0) {
    const pts = ring.slice(0, -1);
    return {
      lng: pts.reduce((s, p) => s + p[0], 0) / pts.length,
      lat: pts.reduce((s, p) => s + p[1], 0) / pts.length,
    };
  }
  return { lng: cx / (3 * twiceArea), lat: cy / (3 * twiceArea) };
}

export function findGridCell(cellCode: string): GridCellSeed | undefined {
  return TOWN_GEOGRAPHY.gridCells.find((c) => c.code === cellCode);
}

/**
 * A deterministic point inside a grid cell, for demo cases and map labels.
 * index 0 (default) is the cell's centroid; index 1..4 sit halfway between the centroid and corner
 * SW, SE, NE, NW respectively (cells are convex, so these stay inside); larger indexes cycle.
 * Throws on an unknown cell code.
 */
export function sampleInteriorPoint(cellCode: string, index = 0): LatLng {
  const cell = findGridCell(cellCode);
  if (!cell) throw new Error(`unknown grid cell: ${cellCode}`);
  const ring = cell.geometry.coordinates[0];
  const c = ringCentroid(ring);
  if (index <= 0) return { lat: round6(c.lat), lng: round6(c.lng) };
  const corner = ring[(index - 1) % (ring.length - 1)];
  return { lat: round6((c.lat + corner[1]) / 2), lng: round6((c.lng + corner[0]) / 2) };
}
