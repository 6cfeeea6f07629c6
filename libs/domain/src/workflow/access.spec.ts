/**
 * Scope (数据权限) and person checks: who may see a case at all, and which person (assignee, not the fixer) may act.
 *
 * Out of scope must read NOT_FOUND, never FORBIDDEN or INVALID_STATE: a caller outside the case's 片区 / unit must not
 * learn that the case exists, whatever the action or state.
 */
import type { ActorRole } from '../roles';
import { canRead, isAssignee, readScope } from './access';
import { CASE_ACTIONS, type CaseAction } from './case-actions';
import { CASE_STATES, type CaseState } from './case-states';
import { allowedActions, checkPermission } from './permission';
import type { Actor, WorkflowCase } from './workflow-case';
import {
  ADMIN,
  CAT_RUBBISH,
  DISTRICT,
  GRID_WORKER,
  GRID_WORKER_2,
  GRID_WORKER_ELSEWHERE,
  makeCase,
  OPERATOR,
  OTHER_DISTRICT,
  OTHER_UNIT,
  SHIFT_LEAD,
  SUPERVISOR,
  SYSTEM_ACTOR,
  UNIT,
  UNIT_STAFF,
  UNIT_STAFF_2,
  UNIT_STAFF_ELSEWHERE,
} from './testing/fixtures';

const codeOf = (c: WorkflowCase, action: CaseAction, actor: Actor): string => checkPermission(c, action, actor, CAT_RUBBISH)?.code ?? 'allowed';

/** Every action in every state, as "STATE action → code" lines, for one actor and one case shape. */
function everyCell(actor: Actor, shape: Partial<WorkflowCase>): string[] {
  return CASE_STATES.flatMap((state) => CASE_ACTIONS.map((a) => `${state} ${a} → ${codeOf(makeCase({ ...shape, state }), a, actor)}`));
}
const allNotFound = (): string[] => CASE_STATES.flatMap((state) => CASE_ACTIONS.map((a) => `${state} ${a} → NOT_FOUND`));

const district = (role: ActorRole, districtCode: typeof DISTRICT | typeof OTHER_DISTRICT, userId = `${role}-d`): Actor => ({
  role,
  userId,
  districtCode,
  unitCode: null,
});

describe('scope: out-of-scope callers get NOT_FOUND for every action in every state', () => {
  it('a grid worker of another district (even when it is named as the assignee)', () => {
    expect(everyCell(GRID_WORKER_ELSEWHERE, {})).toEqual(allNotFound());
    expect(everyCell(GRID_WORKER_ELSEWHERE, { assigneeUserId: GRID_WORKER_ELSEWHERE.userId, fixerUserId: null })).toEqual(allNotFound());
  });

  it('unit staff of another unit', () => {
    expect(everyCell(UNIT_STAFF_ELSEWHERE, { assigneeUserId: null, assigneeUnitCode: UNIT })).toEqual(allNotFound());
    expect(everyCell(UNIT_STAFF_ELSEWHERE, { assigneeUserId: UNIT_STAFF.userId, assigneeUnitCode: UNIT })).toEqual(allNotFound());
  });

  it('unit staff when the case is not (yet) assigned to any unit or person', () => {
    expect(everyCell(UNIT_STAFF, { assigneeUserId: null, assigneeUnitCode: null })).toEqual(allNotFound());
  });

  it('unit staff when the case is assigned to a grid worker, not to it', () => {
    expect(everyCell(UNIT_STAFF, { assigneeUserId: GRID_WORKER.userId, assigneeUnitCode: null })).toEqual(allNotFound());
  });

  it.each<ActorRole>(['operator', 'shift_lead', 'supervisor', 'admin'])(
    'a town-level %s with a districtCode set is district-bound too',
    (role) => {
      expect(everyCell(district(role, OTHER_DISTRICT), {})).toEqual(allNotFound());
    },
  );

  it('NOT_FOUND beats FORBIDDEN: an admin of another district asking to dispatch (which admins never may)', () => {
    expect(codeOf(makeCase({ state: 'PENDING_DISPATCH' }), 'dispatch', district('admin', OTHER_DISTRICT))).toBe('NOT_FOUND');
    expect(codeOf(makeCase({ state: 'PENDING_DISPATCH' }), 'dispatch', district('admin', DISTRICT))).toBe('FORBIDDEN');
  });

  it('NOT_FOUND beats INVALID_STATE: an operator of another district asking to register a closed case', () => {
    expect(codeOf(makeCase({ state: 'CLOSED' }), 'register', district('operator', OTHER_DISTRICT))).toBe('NOT_FOUND');
    expect(codeOf(makeCase({ state: 'CLOSED' }), 'register', district('operator', DISTRICT))).toBe('INVALID_STATE');
  });

  it('allowedActions is empty for out-of-scope callers', () => {
    for (const state of CASE_STATES) {
      expect(allowedActions(makeCase({ state }), GRID_WORKER_ELSEWHERE, CAT_RUBBISH)).toEqual([]);
      expect(allowedActions(makeCase({ state, assigneeUserId: null, assigneeUnitCode: UNIT }), UNIT_STAFF_ELSEWHERE, CAT_RUBBISH)).toEqual([]);
      expect(allowedActions(makeCase({ state }), district('operator', OTHER_DISTRICT), CAT_RUBBISH)).toEqual([]);
    }
  });
});

describe('scope: in-scope district-bound callers act as their role allows', () => {
  it.each<[ActorRole, CaseState, CaseAction]>([
    ['operator', 'REPORTED', 'register'],
    ['operator', 'PENDING_DISPATCH', 'dispatch'],
    ['shift_lead', 'PENDING_FILE', 'file'],
    ['shift_lead', 'PENDING_CLOSE', 'close'],
    ['supervisor', 'IN_PROGRESS', 'urge'],
    ['supervisor', 'EXTENSION_REQUESTED', 'approve-extension'],
    ['admin', 'VOID', 'comment'],
  ])('a %s bound to the case district may, in %s, %s', (role, state, action) => {
    expect(codeOf(makeCase({ state }), action, district(role, DISTRICT))).toBe('allowed');
  });

  it('a grid worker of the district who is not the assignee may still verify, self-dispose, void and comment', () => {
    expect(codeOf(makeCase({ state: 'PENDING_VERIFY' }), 'confirm', GRID_WORKER_2)).toBe('allowed');
    expect(codeOf(makeCase({ state: 'PENDING_VERIFY' }), 'void', GRID_WORKER_2)).toBe('allowed');
    expect(codeOf(makeCase({ state: 'REPORTED' }), 'self-dispose', GRID_WORKER_2)).toBe('allowed');
    expect(codeOf(makeCase({ state: 'IN_PROGRESS' }), 'comment', GRID_WORKER_2)).toBe('allowed');
  });

  it('the system actor has no scope limit', () => {
    expect(codeOf(makeCase({ state: 'PENDING_DISPATCH', districtCode: OTHER_DISTRICT, assigneeUserId: null }), 'dispatch', SYSTEM_ACTOR)).toBe(
      'allowed',
    );
  });
});

describe('person: only the assignee may accept, handle, request-* and resume', () => {
  const ASSIGNEE_ONLY: Array<[CaseAction, CaseState]> = [
    ['accept', 'DISPATCHED'],
    ['handle', 'IN_PROGRESS'],
    ['handle', 'REWORK'],
    ['request-return', 'DISPATCHED'],
    ['request-return', 'IN_PROGRESS'],
    ['request-extension', 'IN_PROGRESS'],
    ['request-suspend', 'IN_PROGRESS'],
    ['resume', 'SUSPENDED'],
  ];

  it.each(ASSIGNEE_ONLY)('%s in %s: the assigned grid worker may', (action, state) => {
    expect(codeOf(makeCase({ state, assigneeUserId: GRID_WORKER.userId }), action, GRID_WORKER)).toBe('allowed');
  });

  it.each(ASSIGNEE_ONLY)('%s in %s: a grid worker of the right district who is NOT the assignee → FORBIDDEN', (action, state) => {
    const refusal = checkPermission(makeCase({ state, assigneeUserId: GRID_WORKER.userId }), action, GRID_WORKER_2, CAT_RUBBISH);
    expect(refusal).toMatchObject({ code: 'FORBIDDEN', message: `only the assignee may ${action}` });
  });

  it.each(ASSIGNEE_ONLY)('%s in %s: a grid worker of the district, case dispatched to a unit → FORBIDDEN', (action, state) => {
    expect(codeOf(makeCase({ state, assigneeUserId: null, assigneeUnitCode: UNIT }), action, GRID_WORKER)).toBe('FORBIDDEN');
  });

  it.each(ASSIGNEE_ONLY)('%s in %s: unit staff of the assigned unit may act when assigneeUserId is null', (action, state) => {
    const c = makeCase({ state, assigneeUserId: null, assigneeUnitCode: UNIT });
    expect(codeOf(c, action, UNIT_STAFF)).toBe('allowed');
    expect(codeOf(c, action, UNIT_STAFF_2)).toBe('allowed');
  });

  it.each(ASSIGNEE_ONLY)('%s in %s: unit staff of the unit, but the case names another person of it → FORBIDDEN', (action, state) => {
    const c = makeCase({ state, assigneeUserId: UNIT_STAFF.userId, assigneeUnitCode: UNIT });
    expect(codeOf(c, action, UNIT_STAFF)).toBe('allowed');
    expect(codeOf(c, action, UNIT_STAFF_2)).toBe('FORBIDDEN');
  });

  it.each(ASSIGNEE_ONLY)('%s in %s: unit staff dispatched to personally (no unit on the case) may', (action, state) => {
    const c = makeCase({ state, assigneeUserId: UNIT_STAFF.userId, assigneeUnitCode: null });
    expect(codeOf(c, action, UNIT_STAFF)).toBe('allowed');
    expect(codeOf(c, action, UNIT_STAFF_2)).toBe('NOT_FOUND');
  });

  it('resume in SUSPENDED: a shift lead may without being the assignee', () => {
    expect(codeOf(makeCase({ state: 'SUSPENDED', assigneeUserId: GRID_WORKER.userId }), 'resume', SHIFT_LEAD)).toBe('allowed');
  });
});

describe('person: the fixer may not check its own fix', () => {
  const checkable = (overrides: Partial<WorkflowCase> = {}) =>
    makeCase({ state: 'PENDING_CHECK', assigneeUserId: GRID_WORKER.userId, fixerUserId: GRID_WORKER.userId, ...overrides });

  it.each<CaseAction>(['check-pass', 'check-fail'])('%s in PENDING_CHECK by the fixer → FORBIDDEN', (action) => {
    expect(checkPermission(checkable(), action, GRID_WORKER, CAT_RUBBISH)).toMatchObject({
      code: 'FORBIDDEN',
      message: 'the person who reported the fix may not check it',
    });
  });

  it.each<CaseAction>(['check-pass', 'check-fail'])('%s in PENDING_CHECK by another grid worker of the district → allowed', (action) => {
    expect(codeOf(checkable(), action, GRID_WORKER_2)).toBe('allowed');
  });

  it.each<CaseAction>(['check-pass', 'check-fail'])('%s in PENDING_CHECK by a shift lead who is the fixer → FORBIDDEN', (action) => {
    expect(codeOf(checkable({ fixerUserId: SHIFT_LEAD.userId }), action, SHIFT_LEAD)).toBe('FORBIDDEN');
    expect(codeOf(checkable(), action, SHIFT_LEAD)).toBe('allowed');
  });

  it.each<CaseAction>(['check-pass', 'check-fail'])('%s in PENDING_CHECK when no fixer is recorded → any checker', (action) => {
    expect(codeOf(checkable({ fixerUserId: null }), action, GRID_WORKER)).toBe('allowed');
  });

  it('check-fail in PENDING_CLOSE has no not-fixer rule (shift lead review)', () => {
    expect(codeOf(makeCase({ state: 'PENDING_CLOSE', fixerUserId: SHIFT_LEAD.userId }), 'check-fail', SHIFT_LEAD)).toBe('allowed');
  });

  it('the fixer is not offered check-pass/check-fail by allowedActions, another grid worker is', () => {
    expect(allowedActions(checkable(), GRID_WORKER, CAT_RUBBISH)).toEqual(['comment']);
    expect(allowedActions(checkable(), GRID_WORKER_2, CAT_RUBBISH)).toEqual(['check-pass', 'check-fail', 'comment']);
  });
});

describe('canRead', () => {
  const inDistrict = makeCase({ districtCode: DISTRICT, assigneeUserId: null, assigneeUnitCode: UNIT });
  const elsewhere = makeCase({ districtCode: OTHER_DISTRICT, assigneeUserId: null, assigneeUnitCode: OTHER_UNIT });
  const unassigned = makeCase({ districtCode: DISTRICT, assigneeUserId: null, assigneeUnitCode: null });
  const toUnitStaff = makeCase({ districtCode: OTHER_DISTRICT, assigneeUserId: UNIT_STAFF.userId, assigneeUnitCode: null });

  it.each<[string, Actor, boolean, boolean, boolean, boolean]>([
    //                                       in district, elsewhere, unassigned, dispatched to us-1 personally
    ['operator (town)', OPERATOR, true, true, true, true],
    ['shift_lead (town)', SHIFT_LEAD, true, true, true, true],
    ['supervisor (town)', SUPERVISOR, true, true, true, true],
    ['admin (town)', ADMIN, true, true, true, true],
    ['system', SYSTEM_ACTOR, true, true, true, true],
    ['operator (xincheng)', district('operator', DISTRICT), true, false, true, false],
    ['shift_lead (xincheng)', district('shift_lead', DISTRICT), true, false, true, false],
    ['supervisor (xincheng)', district('supervisor', DISTRICT), true, false, true, false],
    ['admin (xincheng)', district('admin', DISTRICT), true, false, true, false],
    ['operator (jinsha)', district('operator', OTHER_DISTRICT), false, true, false, true],
    ['grid_worker (xincheng)', GRID_WORKER, true, false, true, false],
    ['grid_worker (jinsha)', GRID_WORKER_ELSEWHERE, false, true, false, true],
    ['unit_staff (our unit)', UNIT_STAFF, true, false, false, true],
    ['unit_staff (our unit, colleague)', UNIT_STAFF_2, true, false, false, false],
    ['unit_staff (other unit)', UNIT_STAFF_ELSEWHERE, false, true, false, false],
  ])('%s', (_label, actor, seesInDistrict, seesElsewhere, seesUnassigned, seesToUnitStaff) => {
    expect([canRead(inDistrict, actor), canRead(elsewhere, actor), canRead(unassigned, actor), canRead(toUnitStaff, actor)]).toEqual([
      seesInDistrict,
      seesElsewhere,
      seesUnassigned,
      seesToUnitStaff,
    ]);
  });

  it('unit staff scope ignores the district: the unit sees its cases in any district', () => {
    expect(canRead(makeCase({ districtCode: OTHER_DISTRICT, assigneeUserId: null, assigneeUnitCode: UNIT }), UNIT_STAFF)).toBe(true);
  });

  it('unit staff without a unit sees only what is dispatched to it personally', () => {
    const loner: Actor = { role: 'unit_staff', userId: 'us-7', districtCode: null, unitCode: null };
    expect(canRead(makeCase({ assigneeUserId: null, assigneeUnitCode: null }), loner)).toBe(false);
    expect(canRead(makeCase({ assigneeUserId: null, assigneeUnitCode: UNIT }), loner)).toBe(false);
    expect(canRead(makeCase({ assigneeUserId: 'us-7', assigneeUnitCode: null }), loner)).toBe(true);
  });
});

describe('readScope', () => {
  it('names the scope canRead judges by: the town, a 片区, what is assigned, or nothing', () => {
    expect(readScope(OPERATOR)).toEqual({ kind: 'town' });
    expect(readScope(SYSTEM_ACTOR)).toEqual({ kind: 'town' });
    expect(readScope(district('supervisor', DISTRICT))).toEqual({ kind: 'district', districtCode: DISTRICT });
    expect(readScope(GRID_WORKER)).toEqual({ kind: 'district', districtCode: GRID_WORKER.districtCode });
    expect(readScope({ ...GRID_WORKER, districtCode: null })).toEqual({ kind: 'nothing' });
    expect(readScope(UNIT_STAFF)).toEqual({ kind: 'assigned', unitCode: UNIT_STAFF.unitCode, userId: UNIT_STAFF.userId });
  });
});

describe('isAssignee', () => {
  it.each<[string, Partial<WorkflowCase>, Actor, boolean]>([
    ['named grid worker', { assigneeUserId: 'gw-1', assigneeUnitCode: null }, GRID_WORKER, true],
    ['another grid worker', { assigneeUserId: 'gw-1', assigneeUnitCode: null }, GRID_WORKER_2, false],
    ['unit staff, case dispatched to its unit', { assigneeUserId: null, assigneeUnitCode: UNIT }, UNIT_STAFF, true],
    ['unit staff of another unit', { assigneeUserId: null, assigneeUnitCode: UNIT }, UNIT_STAFF_ELSEWHERE, false],
    ['unit staff, case names a colleague', { assigneeUserId: 'us-2', assigneeUnitCode: UNIT }, UNIT_STAFF, false],
    ['unit staff named personally', { assigneeUserId: 'us-1', assigneeUnitCode: UNIT }, UNIT_STAFF, true],
    ['grid worker, case dispatched to a unit', { assigneeUserId: null, assigneeUnitCode: UNIT }, GRID_WORKER, false],
    ['nobody assigned', { assigneeUserId: null, assigneeUnitCode: null }, UNIT_STAFF, false],
    ['system is never the assignee', { assigneeUserId: null, assigneeUnitCode: null }, SYSTEM_ACTOR, false],
  ])('%s → %s', (_label, shape, actor, expected) => {
    expect(isAssignee(makeCase(shape), actor)).toBe(expected);
  });
});
