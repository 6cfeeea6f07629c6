import type { CategoryView, GridCellView, UserView } from '@gridops/contracts';
import { DISTRICT_CODES, type DistrictCode } from '@gridops/domain';
import { CATEGORY_MIX, type MixRow } from '@gridops/domain';

/**
 * The demo users the simulator plays, in the order it logs them in: the API lets one address log in 10 times a
 * minute, so the people the loop cannot move without come first (desk, lead, one grid worker per 片区, then the
 * second workers who check the first ones' fixes, then the units and the supervisor).
 * The desk roles are the simulator's own staff (`sim.*`, seeded in demo mode with names of their own): the printed
 * `operator`, `lead` and `supervisor` logins are left to people, who would otherwise see their own name on steps
 * they never took and race the simulator for the same case.
 */
/** The simulator's desk login: keys in hotline and app reports, reads the town's lists. */
export const DESK_LOGIN = 'sim.operator';

export const CAST: readonly string[] = [
  DESK_LOGIN,
  'sim.lead',
  'worker.xincheng',
  'worker.jinsha',
  'worker.nujiang',
  'worker.meichuan',
  'worker2.xincheng',
  'worker2.jinsha',
  'worker2.nujiang',
  'worker2.meichuan',
  'unit.chengguan',
  'unit.shirong',
  'unit.shuiwu',
  'sim.supervisor',
];

/** What the simulator knows about the town, read from the API at start. */
export interface Town {
  cellsByDistrict: ReadonlyMap<DistrictCode, readonly GridCellView[]>;
  categories: ReadonlyMap<string, CategoryView>;
  /** the cast members who exist and are active, in CAST order */
  cast: readonly UserView[];
  /** grid workers of the cast by 片区 (user ids) */
  workers: ReadonlyMap<DistrictCode, readonly string[]>;
  /** usernames of the cast's grid workers by 片区, for patrols */
  patrols: ReadonlyMap<DistrictCode, readonly string[]>;
  /** units with a cast member who can accept their work */
  staffedUnits: ReadonlySet<string>;
  /** the category mix, without categories nobody in the cast could handle */
  mix: readonly MixRow[];
}

/**
 * A category can be reported when someone in the cast can take it through the loop: grid workers handle what needs
 * no unit; otherwise its default unit must have a cast member. Anything else would pile up, never accepted.
 */
export function handledBy(category: CategoryView | undefined, staffedUnits: ReadonlySet<string>): boolean {
  if (!category || !category.active) return false;
  if (!category.needsUnit) return true;
  return category.defaultUnitCode !== null && staffedUnits.has(category.defaultUnitCode);
}

export function buildTown(cells: readonly GridCellView[], categories: readonly CategoryView[], users: readonly UserView[]): Town {
  const byName = new Map(users.filter((u) => u.active).map((u) => [u.username, u]));
  const cast = CAST.map((name) => byName.get(name)).filter((u): u is UserView => u !== undefined);
  const cellsByDistrict = new Map<DistrictCode, GridCellView[]>(DISTRICT_CODES.map((d) => [d, cells.filter((c) => c.districtCode === d)]));
  const gridWorkers = cast.filter((u) => u.role === 'grid_worker' && u.districtCode !== null);
  const workers = new Map<DistrictCode, string[]>(DISTRICT_CODES.map((d) => [d, gridWorkers.filter((u) => u.districtCode === d).map((u) => u.id)]));
  const patrols = new Map<DistrictCode, string[]>(DISTRICT_CODES.map((d) => [d, gridWorkers.filter((u) => u.districtCode === d).map((u) => u.username)]));
  const staffedUnits = new Set(cast.filter((u) => u.role === 'unit_staff' && u.unitCode).map((u) => u.unitCode as string));
  const categoryMap = new Map(categories.map((c) => [c.code, c]));
  const mix = CATEGORY_MIX.filter((row) => handledBy(categoryMap.get(row.code), staffedUnits));
  return { cellsByDistrict, categories: categoryMap, cast, workers, patrols, staffedUnits, mix };
}
