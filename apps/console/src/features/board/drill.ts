import type { DistrictCode } from '@gridops/domain';
import type { Pin } from './open-map-store';

/** Where the map is: the whole town (镇), one 片区, or one grid cell (网格) — domain.md §1 "drill down 镇 → 片区 → 网格". */
export interface Drill {
  district: DistrictCode | null;
  /** set only together with `district` */
  grid: string | null;
}

export const TOWN: Drill = { district: null, grid: null };

/** A 片区-bound user starts (and stays) inside their 片区; town-level roles start with the whole town. */
export function rootDrill(ownDistrict: DistrictCode | null): Drill {
  return ownDistrict ? { district: ownDistrict, grid: null } : TOWN;
}

/** One level up, but never above the user's root. */
export function drillUp(d: Drill, root: Drill): Drill {
  if (d.grid) return { district: d.district, grid: null };
  return root;
}

/** Clicking a grid cell on the map: at town level it opens the cell's 片区, inside a 片区 it opens the cell. */
export function drillInto(d: Drill, cell: { code: string; districtCode: DistrictCode }): Drill {
  if (!d.district) return { district: cell.districtCode, grid: null };
  if (d.district === cell.districtCode && !d.grid) return { district: d.district, grid: cell.code };
  return d;
}

export function sameDrill(a: Drill, b: Drill): boolean {
  return a.district === b.district && a.grid === b.grid;
}

export function inDrill(p: Pick<Pin, 'district' | 'grid'>, d: Drill): boolean {
  if (d.grid) return p.grid === d.grid;
  if (d.district) return p.district === d.district;
  return true;
}

/** The breadcrumb from the user's root down to where the map is. */
export function drillPath(d: Drill, root: Drill): Drill[] {
  const path: Drill[] = [];
  if (!root.district) path.push(TOWN);
  if (d.district) path.push({ district: d.district, grid: null });
  if (d.grid) path.push(d);
  return path;
}
