import { geometryGcj02ToWgs84, geometryProblems, normalizeOrientation } from './area-checks';
import { AreaWorkExceeded, areaM2, intersectionAreaM2 as measure, type AreaWork } from './area-measure';
import { bbox, type AreaGeometry } from './point-in-polygon';

/**
 * A file of the town's real geography — its 片区 (districts) and 网格 (grid cells) as GeoJSON — read and checked
 * before it replaces the map. Pure: the server adds what needs the database (cells that cases use, devices, roster).
 *
 * The file is a FeatureCollection of Polygon/MultiPolygon features with properties
 * `{ kind: 'district' | 'cell', code, district (cells only), name_zh, name_en }`, coordinates WGS-84 lng/lat
 * (RFC 7946) or GCJ-02 (高德/腾讯 maps; converted on import, as the 12345 import does for points).
 */

export const GEOGRAPHY_COORDINATE_SYSTEMS = ['wgs84', 'gcj02'] as const;
export type GeographyCoordinateSystem = (typeof GEOGRAPHY_COORDINATE_SYSTEMS)[number];

export const GEOGRAPHY_LIMITS = {
  features: 1_000,
  positions: 300_000,
  /** the tolerance a dry run may be given for overlaps, gaps and cells outside their 片区, in m² */
  maxToleranceM2: 10_000,
  defaultToleranceM2: 10,
  name: 50,
  /** convex clips the overlap and gap measures of one file may take (a few seconds at most); beyond, it is refused */
  clips: 5_000_000,
} as const;

export const CELL_CODE = /^[a-z0-9][a-z0-9_-]{0,29}$/;

export type GeographyIssueCode =
  | 'NOT_A_FEATURE'
  | 'BAD_PROPERTIES'
  | 'DUPLICATE_CODE'
  | 'UNKNOWN_DISTRICT'
  | 'MISSING_DISTRICT'
  | 'DISTRICT_WITHOUT_CELLS'
  | 'DISTRICTS_OVERLAP'
  | 'CELLS_OVERLAP'
  | 'CELL_OUTSIDE_DISTRICT'
  | 'DISTRICT_GAP'
  | 'BAD_GEOMETRY'
  | 'BAD_POSITION'
  | 'RING_NOT_CLOSED'
  | 'RING_TOO_SHORT'
  | 'RING_SELF_INTERSECTS'
  | 'RING_ZERO_AREA'
  | 'HOLE_OUTSIDE_OUTER'
  | 'RING_ORIENTATION';

export interface GeographyIssue {
  severity: 'error' | 'warning';
  code: GeographyIssueCode | string;
  message: string;
  /** the feature's index in the file, and its code when it has one */
  feature?: number;
  featureCode?: string;
  /** the other feature of an overlap */
  otherCode?: string;
  /** the measured area (overlap, gap, part outside), m² */
  areaM2?: number;
}

export interface GeographyArea {
  kind: 'district' | 'cell';
  code: string;
  /** the cell's 片区; a district's own code */
  districtCode: string;
  nameZh: string;
  nameEn: string;
  /** WGS-84, rings oriented as RFC 7946 asks */
  geometry: AreaGeometry;
  areaM2: number;
}

export interface GeographyFileCheck {
  districts: GeographyArea[];
  cells: GeographyArea[];
  issues: GeographyIssue[];
}

export interface GeographyFileOptions {
  coordinateSystem: GeographyCoordinateSystem;
  toleranceM2: number;
  /** the district codes the file must hold, each once (persisted and used in room names: never new ones) */
  districtCodes: readonly string[];
  /** the clip budget (default GEOGRAPHY_LIMITS.clips) */
  maxClips?: number;
}

/** Thrown for a file that is not a geography file at all (not a FeatureCollection, a projected CRS, too big). */
export class GeographyFileRefusal extends Error {}

/** OGC CRS84 and EPSG:4326 are lng/lat on WGS-84 (GCJ-02 has no code: say it with the coordinate system option). */
const LNG_LAT_CRS = /(CRS84|EPSG:{1,2}4326|EPSG\/0\/4326)$/i;

/**
 * Read a parsed GeoJSON value as the town's geography and check it: each ring (closed, ≥ 4 positions, simple, holes
 * inside), the codes (districts exactly the known ones, cells unique, each in a district of the file), overlaps
 * between districts and between cells, cells reaching outside their 片区, and the parts of a 片区 no cell covers —
 * each area beyond `toleranceM2` an error. Throws GeographyFileRefusal when the value is not such a file at all.
 */
export function checkGeographyFile(value: unknown, options: GeographyFileOptions): GeographyFileCheck {
  const fc = value as { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } } | null;
  if (!fc || typeof fc !== 'object' || Array.isArray(fc) || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new GeographyFileRefusal('the file must be a GeoJSON FeatureCollection');
  }
  if (fc.crs !== undefined && fc.crs !== null) {
    const name = fc.crs?.properties?.name;
    if (typeof name !== 'string' || !LNG_LAT_CRS.test(name)) {
      throw new GeographyFileRefusal(
        `the file declares the coordinate reference system ${JSON.stringify(name ?? fc.crs).slice(0, 80)}; only longitude/latitude is taken (WGS-84 as RFC 7946, or GCJ-02 with coordinateSystem=gcj02)`,
      );
    }
  }
  const features = fc.features as unknown[];
  if (features.length === 0) throw new GeographyFileRefusal('the FeatureCollection has no features');
  if (features.length > GEOGRAPHY_LIMITS.features) throw new GeographyFileRefusal(`the file has ${features.length} features, more than ${GEOGRAPHY_LIMITS.features}`);
  if (countPositions(features) > GEOGRAPHY_LIMITS.positions) throw new GeographyFileRefusal(`the file has more than ${GEOGRAPHY_LIMITS.positions} positions`);

  const issues: GeographyIssue[] = [];
  const districts: GeographyArea[] = [];
  const cells: GeographyArea[] = [];
  const seen = new Map<string, number>();

  features.forEach((raw, feature) => {
    const f = raw as { type?: unknown; geometry?: unknown; properties?: Record<string, unknown> | null } | null;
    if (!f || typeof f !== 'object' || f.type !== 'Feature') {
      issues.push({ severity: 'error', code: 'NOT_A_FEATURE', message: 'not a GeoJSON Feature', feature });
      return;
    }
    const p = f.properties && typeof f.properties === 'object' ? f.properties : {};
    const code = typeof p.code === 'string' ? p.code.trim() : '';
    const at = { feature, ...(code ? { featureCode: code } : {}) };
    const bad = (message: string) => issues.push({ severity: 'error', code: 'BAD_PROPERTIES', message, ...at });
    const kind = p.kind;
    if (kind !== 'district' && kind !== 'cell') return void bad('properties.kind must be "district" (片区) or "cell" (网格)');
    if (!CELL_CODE.test(code)) return void bad('properties.code must be 1–30 lower-case letters, digits, "-" or "_"');
    const nameZh = typeof p.name_zh === 'string' ? p.name_zh.trim() : '';
    const nameEn = typeof p.name_en === 'string' ? p.name_en.trim() : '';
    if (!nameZh || nameZh.length > GEOGRAPHY_LIMITS.name) return void bad(`properties.name_zh must be 1–${GEOGRAPHY_LIMITS.name} characters`);
    if (!nameEn || nameEn.length > GEOGRAPHY_LIMITS.name) return void bad(`properties.name_en must be 1–${GEOGRAPHY_LIMITS.name} characters`);
    const districtCode = kind === 'district' ? code : typeof p.district === 'string' ? p.district.trim() : '';
    if (kind === 'cell' && !districtCode) return void bad('properties.district must name the cell\'s 片区 (its code)');
    if (kind === 'district' && !options.districtCodes.includes(code)) {
      issues.push({ severity: 'error', code: 'UNKNOWN_DISTRICT', message: `片区 code ${code} is not one of the town's (${options.districtCodes.join(', ')})`, ...at });
      return;
    }
    const key = `${kind}:${code}`;
    if (seen.has(key)) {
      issues.push({ severity: 'error', code: 'DUPLICATE_CODE', message: `${kind} ${code} appears twice (features ${seen.get(key)} and ${feature})`, ...at });
      return;
    }
    seen.set(key, feature);

    const problems = geometryProblems(f.geometry);
    for (const problem of problems) {
      const where = problem.ring === undefined ? '' : ` (polygon ${problem.polygon ?? 0}, ring ${problem.ring})`;
      issues.push({ severity: problem.severity, code: problem.code, message: `${problem.message}${where}`, ...at });
    }
    if (problems.some((x) => x.severity === 'error')) return;
    let geometry = normalizeOrientation(f.geometry as AreaGeometry);
    if (options.coordinateSystem === 'gcj02') geometry = geometryGcj02ToWgs84(geometry);
    const area: GeographyArea = { kind, code, districtCode, nameZh, nameEn, geometry, areaM2: round1(areaM2(geometry)) };
    (kind === 'district' ? districts : cells).push(area);
  });

  const districtByCode = new Map(districts.map((d) => [d.code, d]));
  const invalidCodes = new Set(issues.filter((i) => i.severity === 'error').map((i) => i.featureCode));
  for (const code of options.districtCodes) {
    if (!districtByCode.has(code) && !invalidCodes.has(code)) issues.push({ severity: 'error', code: 'MISSING_DISTRICT', message: `片区 ${code} is missing: the file must hold all of ${options.districtCodes.join(', ')}` });
  }
  const tol = options.toleranceM2;
  const work: AreaWork = { clips: 0, max: options.maxClips ?? GEOGRAPHY_LIMITS.clips };
  const intersectionAreaM2 = (a: AreaGeometry, b: AreaGeometry) => {
    try {
      return measure(a, b, undefined, work);
    } catch (err) {
      if (err instanceof AreaWorkExceeded) throw new GeographyFileRefusal('the outlines are too detailed to compare (too many overlapping edges): simplify them (e.g. to 0.1 m) and try again');
      throw err;
    }
  };
  const fi = (a: GeographyArea) => seen.get(`${a.kind}:${a.code}`);

  // districts: no overlaps
  pairs(districts, (a, b) => {
    const overlap = intersectionAreaM2(a.geometry, b.geometry);
    if (overlap > tol) issues.push({ severity: 'error', code: 'DISTRICTS_OVERLAP', message: `片区 ${a.code} and ${b.code} overlap by ${fmt(overlap)} m²`, feature: fi(a), featureCode: a.code, otherCode: b.code, areaM2: round1(overlap) });
  });
  // cells: no overlaps (whatever their 片区)
  pairs(cells, (a, b) => {
    const overlap = intersectionAreaM2(a.geometry, b.geometry);
    if (overlap > tol) issues.push({ severity: 'error', code: 'CELLS_OVERLAP', message: `cells ${a.code} and ${b.code} overlap by ${fmt(overlap)} m²`, feature: fi(a), featureCode: a.code, otherCode: b.code, areaM2: round1(overlap) });
  });
  // each cell inside its 片区; each 片区 covered by its cells
  const coveredByDistrict = new Map<string, number>();
  for (const cell of cells) {
    const district = districtByCode.get(cell.districtCode);
    if (!district) {
      if (!invalidCodes.has(cell.districtCode)) issues.push({ severity: 'error', code: 'UNKNOWN_DISTRICT', message: `cell ${cell.code} names 片区 ${cell.districtCode}, which the file does not hold`, feature: fi(cell), featureCode: cell.code });
      continue;
    }
    const inside = intersectionAreaM2(cell.geometry, district.geometry);
    coveredByDistrict.set(district.code, (coveredByDistrict.get(district.code) ?? 0) + inside);
    const outside = cell.areaM2 - inside;
    if (outside > tol) {
      issues.push({ severity: 'error', code: 'CELL_OUTSIDE_DISTRICT', message: `${fmt(outside)} m² of cell ${cell.code} lie outside its 片区 ${district.code}`, feature: fi(cell), featureCode: cell.code, otherCode: district.code, areaM2: round1(outside) });
    }
  }
  for (const district of districts) {
    if (!cells.some((c) => c.districtCode === district.code)) {
      // a cell of it that was refused is reported already
      if (!issues.some((i) => i.severity === 'error' && cellsOfFeatureIssue(i, district.code, features))) issues.push({ severity: 'error', code: 'DISTRICT_WITHOUT_CELLS', message: `片区 ${district.code} has no valid cell`, feature: fi(district), featureCode: district.code });
      continue;
    }
    const gap = district.areaM2 - (coveredByDistrict.get(district.code) ?? 0);
    if (gap > tol) {
      issues.push({ severity: 'error', code: 'DISTRICT_GAP', message: `${fmt(gap)} m² of 片区 ${district.code} lie in no cell (reports there could not be placed)`, feature: fi(district), featureCode: district.code, areaM2: round1(gap) });
    }
  }
  districts.sort((a, b) => a.code.localeCompare(b.code));
  cells.sort((a, b) => a.code.localeCompare(b.code));
  return { districts, cells, issues };
}

/** Whether an issue is about a cell feature of the given 片区 (so "no valid cell" is not said twice). */
function cellsOfFeatureIssue(issue: GeographyIssue, district: string, features: unknown[]): boolean {
  if (issue.feature === undefined) return false;
  const p = (features[issue.feature] as { properties?: { kind?: unknown; district?: unknown } } | null)?.properties;
  return p?.kind === 'cell' && p.district === district;
}

function pairs<T extends { geometry: AreaGeometry }>(items: T[], fn: (a: T, b: T) => void): void {
  const boxes = items.map((i) => bbox(i.geometry));
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      if (a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]) fn(items[i], items[j]);
    }
  }
}

function countPositions(features: unknown[]): number {
  let n = 0;
  const walk = (v: unknown, depth: number): void => {
    if (!Array.isArray(v) || depth > 4) return;
    if (v.length > 0 && typeof v[0] === 'number') n++;
    else for (const x of v) walk(x, depth + 1);
  };
  for (const f of features) walk((f as { geometry?: { coordinates?: unknown } } | null)?.geometry?.coordinates, 0);
  return n;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const fmt = (n: number) => (Math.round(n * 10) / 10).toLocaleString('en-US');
