import type { SelectQueryBuilder } from 'typeorm';
import { readScope, type Actor, type DistrictCode } from '@gridops/domain';
import { NamedParams, type BindParams } from '../platform/database/sql-params';

/** The columns a read scope is judged on. Rows with no assignee columns (devices, alarms) are outside an "assigned" scope. */
export interface ScopeColumns {
  district: string;
  assigneeUnit?: string;
  assigneeUser?: string;
}

/** The scope columns of a cases row under `alias`. */
export const caseScopeColumns = (alias: string): ScopeColumns => ({
  district: `${alias}.district_code`,
  assigneeUnit: `${alias}.assignee_unit_code`,
  assigneeUser: `${alias}.assignee_user_id`,
});

/**
 * libs/domain's read scope (`readScope`, what `canRead` judges one case by) as a SQL condition, so that lists and
 * lookups never return what the caller may not see — the one translation, used by case lists and lookups, stats, the
 * live replay, attachments, devices and alarms.
 */
function readScopeSql(actor: Actor, columns: ScopeColumns, p: BindParams): string {
  const scope = readScope(actor);
  switch (scope.kind) {
    case 'town':
      return 'TRUE';
    case 'nothing':
      return 'FALSE';
    case 'district':
      return `${columns.district} = ${p.add(scope.districtCode)}`;
    case 'assigned':
      // a null unit or user binds NULL, which matches nothing: as canRead, that half of the scope is empty
      if (!columns.assigneeUnit || !columns.assigneeUser) return 'FALSE';
      return `(${columns.assigneeUnit} = ${p.add(scope.unitCode)} OR ${columns.assigneeUser} = ${p.add(scope.userId)})`;
  }
}

/** The read scope on a query builder (named parameters). */
export function applyScope<T extends object>(qb: SelectQueryBuilder<T>, actor: Actor, columns: ScopeColumns): SelectQueryBuilder<T> {
  const p = new NamedParams(`scope_${columns.district.replace(/\W/g, '_')}_`);
  const condition = readScopeSql(actor, columns, p);
  return condition === 'TRUE' ? qb : qb.andWhere(condition, p.values);
}

/** The read scope on a query builder over cases. */
export function applyCaseScope<T extends object>(qb: SelectQueryBuilder<T>, alias: string, actor: Actor): SelectQueryBuilder<T> {
  return applyScope(qb, actor, caseScopeColumns(alias));
}

/** The read scope on cases under `alias` for hand-written SQL; `district` narrows further (already checked against the caller). */
export function caseScopeSql(actor: Actor, alias: string, p: BindParams, district: DistrictCode | null = null): string {
  const scope = readScopeSql(actor, caseScopeColumns(alias), p);
  return district ? `${scope} AND ${alias}.district_code = ${p.add(district)}` : scope;
}
