import type { Actor, WorkflowCase } from './workflow-case';

/**
 * Read scope (数据权限). A 片区-bound user sees only its district; unit staff see only what is assigned to their
 * unit or to them now (a case they returned leaves their view). A grid worker without a district sees nothing: the
 * role is always bound to one 片区, and a missing binding must not widen it to the whole town. The server applies the same rule in SQL (case-scope.ts) so lists never leak;
 * this function is the single definition both follow.
 */
export function canRead(c: Pick<WorkflowCase, 'districtCode' | 'assigneeUnitCode' | 'assigneeUserId'>, actor: Actor): boolean {
  if (actor.role === 'system') return true;
  if (actor.role === 'unit_staff') {
    return (actor.unitCode !== null && c.assigneeUnitCode === actor.unitCode) || (actor.userId !== null && c.assigneeUserId === actor.userId);
  }
  if (actor.role === 'grid_worker' && actor.districtCode === null) return false;
  if (actor.districtCode !== null) return c.districtCode === actor.districtCode;
  return true;
}

/** The assignee of a case: the person it was dispatched to, or any staff member of the unit it was dispatched to. */
export function isAssignee(c: Pick<WorkflowCase, 'assigneeUnitCode' | 'assigneeUserId'>, actor: Actor): boolean {
  if (actor.userId !== null && c.assigneeUserId === actor.userId) return true;
  return actor.role === 'unit_staff' && actor.unitCode !== null && c.assigneeUserId === null && c.assigneeUnitCode === actor.unitCode;
}
