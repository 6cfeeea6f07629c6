import type { DistrictCode } from '../districts';
import type { Actor, WorkflowCase } from './workflow-case';

/**
 * Read scope (数据权限): which cases a person sees. Town-level people see the whole town; a 片区-bound user only its
 * district; unit staff only what is assigned to their unit or to them now (a case they returned leaves their view).
 * A grid worker without a district sees nothing: the role is always bound to one 片区, and a missing binding must not
 * widen it to the whole town.
 *
 * This is the single definition: `canRead` judges one case by it, the server turns it into SQL (cases/case-scope.ts)
 * so lists never leak, and the websocket rooms follow it (realtime/live-rooms.ts).
 */
export type ReadScope =
  | { kind: 'town' }
  | { kind: 'district'; districtCode: DistrictCode }
  | { kind: 'assigned'; unitCode: string | null; userId: string | null }
  | { kind: 'nothing' };

export function readScope(actor: Actor): ReadScope {
  if (actor.role === 'system') return { kind: 'town' };
  if (actor.role === 'unit_staff') return { kind: 'assigned', unitCode: actor.unitCode, userId: actor.userId };
  if (actor.districtCode !== null) return { kind: 'district', districtCode: actor.districtCode };
  if (actor.role === 'grid_worker') return { kind: 'nothing' };
  return { kind: 'town' };
}

export function canRead(c: Pick<WorkflowCase, 'districtCode' | 'assigneeUnitCode' | 'assigneeUserId'>, actor: Actor): boolean {
  const scope = readScope(actor);
  switch (scope.kind) {
    case 'town':
      return true;
    case 'district':
      return c.districtCode === scope.districtCode;
    case 'assigned':
      return (scope.unitCode !== null && c.assigneeUnitCode === scope.unitCode) || (scope.userId !== null && c.assigneeUserId === scope.userId);
    case 'nothing':
      return false;
  }
}

/** The assignee of a case: the person it was dispatched to, or any staff member of the unit it was dispatched to. */
export function isAssignee(c: Pick<WorkflowCase, 'assigneeUnitCode' | 'assigneeUserId'>, actor: Actor): boolean {
  if (actor.userId !== null && c.assigneeUserId === actor.userId) return true;
  return actor.role === 'unit_staff' && actor.unitCode !== null && c.assigneeUserId === null && c.assigneeUnitCode === actor.unitCode;
}
