/**
 * The full permission matrix: 17 states × 29 actions × 7 actor roles (incl. 'system').
 *
 * EXPECTED is written out by hand from the workflow spec (domain.md §4 and the gridops rules list), independently
 * of action-rules.ts: if the two drift apart, this spec fails on the exact cell.
 *
 * For every cell `checkPermission(case, action, actor, category)` must give
 *   - null             when the role may take the action in this state,
 *   - 'INVALID_STATE'  when the role may take the action in some other state, but not this one,
 *   - 'FORBIDDEN'      when the role may never take the action.
 *
 * The case is built so that scope, person and precondition checks all pass (12345 source, extensionCount 0, not
 * escalated, no callback yet, self-disposable category, the actor is the assignee, the fixer is someone else), so the
 * matrix shows the pure state × role rules.
 */
import type { ActorRole } from '../roles';
import { CASE_ACTIONS, type CaseAction } from './case-actions';
import { CASE_STATES, type CaseState } from './case-states';
import { allowedActions, checkPermission } from './permission';
import { ACTOR_BY_ROLE, CAT_RUBBISH, FIXER_ID, matrixCase } from './testing/fixtures';

const ROLES: ActorRole[] = ['operator', 'shift_lead', 'grid_worker', 'unit_staff', 'supervisor', 'admin', 'system'];

// States, written out (not taken from case-states.ts) so the table below stands on its own.
const ALL_STATES: CaseState[] = [
  'REPORTED',
  'PENDING_VERIFY',
  'PENDING_FILE',
  'PENDING_DISPATCH',
  'DISPATCHED',
  'IN_PROGRESS',
  'RETURN_REQUESTED',
  'EXTENSION_REQUESTED',
  'SUSPEND_REQUESTED',
  'SUSPENDED',
  'HANDLED',
  'SELF_DISPOSED',
  'PENDING_CHECK',
  'REWORK',
  'PENDING_CLOSE',
  'CLOSED',
  'VOID',
];
/** every state but the terminal CLOSED and VOID */
const OPEN: CaseState[] = [
  'REPORTED',
  'PENDING_VERIFY',
  'PENDING_FILE',
  'PENDING_DISPATCH',
  'DISPATCHED',
  'IN_PROGRESS',
  'RETURN_REQUESTED',
  'EXTENSION_REQUESTED',
  'SUSPEND_REQUESTED',
  'SUSPENDED',
  'HANDLED',
  'SELF_DISPOSED',
  'PENDING_CHECK',
  'REWORK',
  'PENDING_CLOSE',
];

/** For each action: the [states, roles] pairs in which it is allowed. A cell is allowed if any pair covers it. */
const EXPECTED: Record<CaseAction, Array<[CaseState[], ActorRole[]]>> = {
  register: [[['REPORTED'], ['operator', 'shift_lead', 'system']]],
  'send-verify': [[['REPORTED'], ['operator', 'shift_lead', 'system']]],
  confirm: [[['PENDING_VERIFY'], ['grid_worker', 'shift_lead']]],
  file: [[['PENDING_FILE'], ['shift_lead', 'system']]],
  refile: [[['PENDING_DISPATCH'], ['operator', 'shift_lead']]],
  dispatch: [[['PENDING_DISPATCH'], ['operator', 'shift_lead', 'system']]],
  accept: [[['DISPATCHED'], ['grid_worker', 'unit_staff']]],
  handle: [[['IN_PROGRESS', 'REWORK'], ['grid_worker', 'unit_staff']]],
  'self-dispose': [[['REPORTED', 'PENDING_VERIFY'], ['grid_worker']]],
  'send-check': [[['HANDLED', 'SELF_DISPOSED'], ['operator', 'shift_lead', 'system']]],
  'check-pass': [[['PENDING_CHECK'], ['grid_worker', 'shift_lead']]],
  'check-fail': [
    [['PENDING_CHECK'], ['grid_worker', 'shift_lead']],
    [['PENDING_CLOSE'], ['shift_lead']],
  ],
  close: [[['PENDING_CLOSE'], ['shift_lead', 'system']]],
  callback: [[['CLOSED'], ['operator', 'shift_lead']]],
  'request-return': [[['DISPATCHED', 'IN_PROGRESS'], ['grid_worker', 'unit_staff']]],
  'approve-return': [[['RETURN_REQUESTED'], ['shift_lead']]],
  'reject-return': [[['RETURN_REQUESTED'], ['shift_lead']]],
  'request-extension': [[['IN_PROGRESS'], ['grid_worker', 'unit_staff']]],
  'approve-extension': [[['EXTENSION_REQUESTED'], ['shift_lead', 'supervisor']]],
  'reject-extension': [[['EXTENSION_REQUESTED'], ['shift_lead', 'supervisor']]],
  'request-suspend': [[['IN_PROGRESS'], ['grid_worker', 'unit_staff']]],
  'approve-suspend': [[['SUSPEND_REQUESTED'], ['shift_lead']]],
  'reject-suspend': [[['SUSPEND_REQUESTED'], ['shift_lead']]],
  resume: [[['SUSPENDED'], ['shift_lead', 'grid_worker', 'unit_staff']]],
  void: [
    [['REPORTED'], ['operator', 'shift_lead']],
    [['PENDING_VERIFY'], ['operator', 'shift_lead', 'grid_worker']],
    [['PENDING_FILE'], ['shift_lead']],
  ],
  urge: [[OPEN, ['operator', 'shift_lead', 'supervisor', 'system']]],
  escalate: [[OPEN, ['shift_lead', 'supervisor', 'system']]],
  merge: [[OPEN, ['operator', 'shift_lead', 'system']]],
  comment: [[ALL_STATES, ['operator', 'shift_lead', 'grid_worker', 'unit_staff', 'supervisor', 'admin', 'system']]],
};

type Expected = 'allowed' | 'INVALID_STATE' | 'FORBIDDEN';

function expectedCell(state: CaseState, action: CaseAction, role: ActorRole): Expected {
  const pairs = EXPECTED[action];
  if (pairs.some(([states, roles]) => states.includes(state) && roles.includes(role))) return 'allowed';
  if (pairs.some(([, roles]) => roles.includes(role))) return 'INVALID_STATE';
  return 'FORBIDDEN';
}

function expectedAllowed(state: CaseState, role: ActorRole): CaseAction[] {
  return CASE_ACTIONS.filter((a) => expectedCell(state, a, role) === 'allowed');
}

function actualCell(state: CaseState, action: CaseAction, role: ActorRole): Expected | string {
  const refusal = checkPermission(matrixCase(role, { state }), action, ACTOR_BY_ROLE[role], CAT_RUBBISH);
  return refusal === null ? 'allowed' : refusal.code;
}

describe('permission matrix: the table itself', () => {
  it('covers exactly the 17 states, 29 actions and 7 actor roles of the domain', () => {
    expect([...ALL_STATES].sort()).toEqual([...CASE_STATES].sort());
    expect(ALL_STATES).toHaveLength(17);
    expect(Object.keys(EXPECTED).sort()).toEqual([...CASE_ACTIONS].sort());
    expect(CASE_ACTIONS).toHaveLength(29);
    expect(ROLES).toHaveLength(7);
  });

  it('builds the matrix case so that the actor is the assignee and the fixer is someone else', () => {
    expect(matrixCase('grid_worker')).toMatchObject({ assigneeUserId: ACTOR_BY_ROLE.grid_worker.userId, fixerUserId: FIXER_ID });
    expect(matrixCase('unit_staff')).toMatchObject({ assigneeUserId: null, assigneeUnitCode: ACTOR_BY_ROLE.unit_staff.unitCode });
    expect(matrixCase('operator')).toMatchObject({
      source: 'hotline_12345',
      extensionCount: 0,
      escalatedToDistrict: false,
      callbackSatisfied: null,
    });
    expect(CAT_RUBBISH.selfDisposable).toBe(true);
    for (const role of ROLES) expect(ACTOR_BY_ROLE[role].userId).not.toBe(FIXER_ID);
  });

  it('has 3451 cells', () => {
    expect(ALL_STATES.length * CASE_ACTIONS.length * ROLES.length).toBe(3451);
  });
});

describe.each(CASE_ACTIONS.map((a) => [a]))('permission matrix: %s', (action) => {
  const cells = ALL_STATES.flatMap((state) => ROLES.map((role) => [state, role, expectedCell(state, action, role)] as const));

  it.each(cells)(`${action} in %s by %s → %s`, (state, role, expected) => {
    const refusal = checkPermission(matrixCase(role, { state }), action, ACTOR_BY_ROLE[role], CAT_RUBBISH);
    if (expected === 'allowed') {
      expect(refusal).toBeNull();
    } else {
      expect(refusal).toMatchObject({ ok: false, code: expected });
      expect(refusal?.message).toEqual(expect.any(String));
    }
  });
});

describe('allowedActions: every state × role offers exactly the allowed cells', () => {
  const cells = ALL_STATES.flatMap((state) => ROLES.map((role) => [state, role] as const));

  it.each(cells)('%s for %s', (state, role) => {
    const actual = allowedActions(matrixCase(role, { state }), ACTOR_BY_ROLE[role], CAT_RUBBISH);
    expect(actual).toEqual(expectedAllowed(state, role));
  });

  it('keeps the order of CASE_ACTIONS', () => {
    const actual = allowedActions(matrixCase('shift_lead', { state: 'PENDING_CHECK' }), ACTOR_BY_ROLE.shift_lead, CAT_RUBBISH);
    expect(actual).toEqual(['check-pass', 'check-fail', 'urge', 'escalate', 'merge', 'comment']);
  });

  // A few rows spelled out literally, as a readable cross-check of the generated expectations.
  it.each<[CaseState, ActorRole, CaseAction[]]>([
    ['REPORTED', 'operator', ['register', 'send-verify', 'void', 'urge', 'merge', 'comment']],
    ['REPORTED', 'grid_worker', ['self-dispose', 'comment']],
    ['PENDING_VERIFY', 'grid_worker', ['confirm', 'self-dispose', 'void', 'comment']],
    ['PENDING_FILE', 'shift_lead', ['file', 'void', 'urge', 'escalate', 'merge', 'comment']],
    ['PENDING_DISPATCH', 'system', ['dispatch', 'urge', 'escalate', 'merge', 'comment']],
    ['IN_PROGRESS', 'unit_staff', ['handle', 'request-return', 'request-extension', 'request-suspend', 'comment']],
    ['EXTENSION_REQUESTED', 'supervisor', ['approve-extension', 'reject-extension', 'urge', 'escalate', 'comment']],
    ['SUSPENDED', 'grid_worker', ['resume', 'comment']],
    ['PENDING_CLOSE', 'shift_lead', ['check-fail', 'close', 'urge', 'escalate', 'merge', 'comment']],
    ['CLOSED', 'operator', ['callback', 'comment']],
    ['CLOSED', 'system', ['comment']],
    ['VOID', 'shift_lead', ['comment']],
    ['IN_PROGRESS', 'admin', ['comment']],
  ])('literally: %s for %s', (state, role, expected) => {
    expect(allowedActions(matrixCase(role, { state }), ACTOR_BY_ROLE[role], CAT_RUBBISH)).toEqual(expected);
  });
});

describe('permission matrix: summary counts', () => {
  it('counts allowed / INVALID_STATE / FORBIDDEN cells as the table says', () => {
    const tally = (f: (s: CaseState, a: CaseAction, r: ActorRole) => string) => {
      const t: Record<string, number> = {};
      for (const s of ALL_STATES) for (const a of CASE_ACTIONS) for (const r of ROLES) t[f(s, a, r)] = (t[f(s, a, r)] ?? 0) + 1;
      return t;
    };
    expect(tally(actualCell)).toEqual(tally(expectedCell));
  });
});
