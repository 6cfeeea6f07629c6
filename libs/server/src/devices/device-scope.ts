import type { SelectQueryBuilder } from 'typeorm';
import type { Actor } from '@gridops/domain';

/**
 * Devices and their alarms are read by 片区, like cases (libs/domain access.ts): a 片区-bound user sees their own
 * 片区 only, a grid worker without one sees nothing, town-level roles see everything — alarms of unknown devices
 * (no 片区) included. Unit staff are kept out by the controllers' roles.
 */
export function applyDistrictScope<T extends object>(qb: SelectQueryBuilder<T>, column: string, actor: Actor): SelectQueryBuilder<T> {
  if (actor.role === 'system') return qb;
  if (actor.role === 'grid_worker' && actor.districtCode === null) return qb.andWhere('1 = 0');
  if (actor.districtCode !== null) return qb.andWhere(`${column} = :scopeDistrict`, { scopeDistrict: actor.districtCode });
  return qb;
}
