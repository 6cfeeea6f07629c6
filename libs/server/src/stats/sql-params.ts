import type { Actor } from '@gridops/domain';

/** Positional parameters for hand-written SQL: `p.add(value)` returns its `$n`. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * libs/domain's read scope (`canRead`) as a SQL condition on a cases alias, like case-scope.ts does for query
 * builders: a 片区-bound caller sees its district, unit staff what their unit or they hold, a grid worker without a
 * district nothing. `district` narrows further (already checked against the caller).
 */
export function caseScopeSql(actor: Actor, alias: string, p: SqlParams, district: string | null = null): string {
  const parts: string[] = [];
  if (actor.role === 'unit_staff') {
    parts.push(`(${alias}.assignee_unit_code = ${p.add(actor.unitCode ?? '')} OR ${alias}.assignee_user_id = ${p.add(actor.userId)})`);
  } else if (actor.role === 'grid_worker' && actor.districtCode === null) {
    parts.push('FALSE');
  } else if (actor.role !== 'system' && actor.districtCode !== null) {
    parts.push(`${alias}.district_code = ${p.add(actor.districtCode)}`);
  }
  if (district) parts.push(`${alias}.district_code = ${p.add(district)}`);
  return parts.length ? parts.join(' AND ') : 'TRUE';
}
