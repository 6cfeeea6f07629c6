import { addDays, readScope, townDayStart, type Actor, type DistrictCode } from '@gridops/domain';
import { caseScopeSql } from '../cases/case-scope';
import type { CaseRows } from '../cases/cases-at';
import type { SqlParams } from '../platform/database/sql-params';
import { BY_DISTRICT, BY_UNIT, type RollupPartition } from './kpi-rollup-sql';

/**
 * Where a window at `now` ends: at the end of its last day, or just after now — it holds every step taken up to and
 * including now (to the millisecond), and a deadline once it has come (the light turns red at it too).
 */
export function windowEnd(last: string, now: Date): Date {
  return new Date(Math.min(townDayStart(addDays(last, 1)).getTime(), now.getTime() + 1));
}

/** A condition on cases under `c`, its values bound in `p`. */
export type ScopeSql = (p: SqlParams) => string;

/** A rollup partition's rows to read: one partition's (`key`), or every partition's (null: the town). */
export interface RollupRead {
  partition: RollupPartition;
  key: string | null;
}

/**
 * Where a caller's figures are read: the rollup partition holding their scope's cases — the town every 片区's rows,
 * a 片区 its own, unit staff their unit's (kpi_unit_rollup) — and, counted live, the cases of their scope no
 * partition holds: unit staff's cases assigned to them in person (few; by idx_cases_assignee_user). Replayed, or a
 * unit's caller narrowed to a 片区, everything is counted live from the rows (the rollups hold the cases as they
 * are now, per 片区 or per unit, not both).
 */
export function readPlan(actor: Actor, district: DistrictCode | null, rows: CaseRows): { rollup: RollupRead | null; live: ScopeSql | null } {
  const everything: ScopeSql = (p) => caseScopeSql(actor, 'c', p, district);
  if (rows.at) return { rollup: null, live: everything };
  const scope = readScope(actor);
  switch (scope.kind) {
    case 'town':
    case 'district':
      return { rollup: { partition: BY_DISTRICT, key: district }, live: null };
    case 'nothing':
      return { rollup: null, live: null };
    case 'assigned': {
      if (district) return { rollup: null, live: everything };
      const { unitCode, userId } = scope;
      return {
        rollup: unitCode ? { partition: BY_UNIT, key: unitCode } : null,
        live: userId ? (p) => `c.assignee_user_id = ${p.add(userId)}${unitCode ? ` AND c.assignee_unit_code IS DISTINCT FROM ${p.add(unitCode)}` : ''}` : null,
      };
    }
  }
}
