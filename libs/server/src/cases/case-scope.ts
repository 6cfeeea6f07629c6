import type { SelectQueryBuilder } from 'typeorm';
import type { Actor } from '@gridops/domain';

/**
 * The read scope of libs/domain's `canRead`, in SQL, so that lists and lookups never return what the caller may not
 * see — the guard's check, made again in the query.
 */
export function applyCaseScope<T extends object>(qb: SelectQueryBuilder<T>, alias: string, actor: Actor): SelectQueryBuilder<T> {
  if (actor.role === 'system') return qb;
  if (actor.role === 'unit_staff') {
    return qb.andWhere(`(${alias}.assignee_unit_code = :scopeUnit OR ${alias}.assignee_user_id = :scopeUser)`, {
      scopeUnit: actor.unitCode ?? '',
      scopeUser: actor.userId,
    });
  }
  if (actor.role === 'grid_worker' && actor.districtCode === null) return qb.andWhere('1 = 0');
  if (actor.districtCode !== null) return qb.andWhere(`${alias}.district_code = :scopeDistrict`, { scopeDistrict: actor.districtCode });
  return qb;
}
