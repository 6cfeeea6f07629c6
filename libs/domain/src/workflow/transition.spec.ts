/**
 * Effects of every action through `transition()`, with the real town calendar (DEFAULT_CALENDAR_CONFIG: 08:30–17:30
 * Mon–Fri, no holidays). Instants are Shanghai wall time (+08:00). 2026-11-26 is a Thursday, 11-28/29 the weekend.
 */
import { VOID_REASONS, type CaseAction } from './case-actions';
import { CASE_STATES, type CaseState } from './case-states';
import { DEFAULT_STEP_LIMITS, lightOf, runningClock } from './clock';
import { formatCaseNumber, newReportedCase } from './new-case';
import { allowedActions } from './permission';
import { transition } from './transition';
import type { ActionInput } from './action-input';
import type { Actor, WorkflowCase, WorkflowCategory } from './workflow-case';
import type { Source } from '../sources';
import {
  at,
  CAL,
  CAT_MANHOLE,
  CAT_PILING,
  CAT_RUBBISH,
  deepFreeze,
  envAt,
  GRID_WORKER,
  GRID_WORKER_2,
  isRefusal,
  local,
  makeCase,
  OPERATOR,
  refusalCode,
  SHIFT_LEAD,
  step,
  SUPERVISOR,
  SYSTEM_ACTOR,
  UNIT,
  UNIT_STAFF,
} from './testing/fixtures';

const GW1 = 'gw-1';
const GW2 = 'gw-2';

/** A case just reported (REPORTED) through newReportedCase, with its accept-report clock. */
function reported(reportedAt: string, source: Source = 'hotline_12345', category: WorkflowCategory = CAT_RUBBISH): WorkflowCase {
  return newReportedCase(
    { id: 'case-1', source, districtCode: 'xincheng', categoryCode: category.code, priority: 'P2', reportedAt: at(reportedAt) },
    { calendar: CAL },
  );
}

/** A filed case (PENDING_DISPATCH, nobody assigned) dispatched at `now`. */
function dispatched(now: string, category: WorkflowCategory = CAT_RUBBISH, assignee: ActionInput['assignee'] = { userId: GW1 }): WorkflowCase {
  const filed = makeCase({ state: 'PENDING_DISPATCH', assigneeUserId: null, fixerUserId: null, categoryCode: category.code, stepStartedAt: at(now) });
  return step(filed, 'dispatch', OPERATOR, { assignee }, now, category);
}

/** Dispatched to grid worker gw-1 at `dispatchAt` and accepted at `acceptAt`. */
function inProgress(dispatchAt: string, acceptAt: string, category: WorkflowCategory = CAT_RUBBISH): WorkflowCase {
  return step(dispatched(dispatchAt, category), 'accept', GRID_WORKER, {}, acceptAt, category);
}

/** The clock fields, in readable wall time. */
const clockOf = (c: WorkflowCase) => ({
  stepDueAt: local(c.stepDueAt),
  clockYellowAt: local(c.clockYellowAt),
  clockDueAt: local(c.clockDueAt),
});

describe('formatCaseNumber and newReportedCase', () => {
  it.each<[string, number, string]>([
    ['2026-11-26', 7, 'CZ-20261126-0007'],
    ['2026-11-26', 1, 'CZ-20261126-0001'],
    ['2026-01-05', 9999, 'CZ-20260105-9999'],
    ['2026-01-05', 12345, 'CZ-20260105-12345'],
  ])('formatCaseNumber(%s, %d) === %s', (date, seq, expected) => {
    expect(formatCaseNumber(date, seq)).toBe(expected);
  });

  it('a new report is REPORTED with the 10-minute accept clock running and no handling clock', () => {
    const c = reported('2026-11-26T09:00:00+08:00');
    expect(c).toMatchObject({
      state: 'REPORTED',
      urgent: false,
      supervised: false,
      escalatedToDistrict: false,
      reworkCount: 0,
      extensionCount: 0,
      returnCount: 0,
      deadlineVersion: 0,
      handlingStartedAt: null,
      handlingDueAt: null,
      callbackSatisfied: null,
    });
    expect(clockOf(c)).toEqual({
      stepDueAt: '2026-11-26T09:10:00+08:00',
      clockYellowAt: '2026-11-26T09:08:00+08:00',
      clockDueAt: '2026-11-26T09:10:00+08:00',
    });
  });

  it('P0 reports are urgent from the first minute', () => {
    const c = newReportedCase(
      { id: 'c', source: 'iot', districtCode: 'nujiang', categoryCode: 'E0401', priority: 'P0', reportedAt: at('2026-11-26T09:00:00+08:00') },
      { calendar: CAL },
    );
    expect(c.urgent).toBe(true);
  });
});

describe('happy path: report → register → file → dispatch → accept → handle → send-check → check-pass → close → callback', () => {
  it('moves through every state with the right fields and clocks', () => {
    let c = reported('2026-11-26T09:00:00+08:00');

    c = step(c, 'register', OPERATOR, {}, '2026-11-26T09:05:00+08:00');
    expect(c.state).toBe('PENDING_FILE');
    expect(local(c.stepStartedAt)).toBe('2026-11-26T09:05:00+08:00');
    expect(clockOf(c)).toEqual({
      stepDueAt: '2026-11-26T09:35:00+08:00',
      clockYellowAt: '2026-11-26T09:29:00+08:00',
      clockDueAt: '2026-11-26T09:35:00+08:00',
    });

    c = step(c, 'file', SHIFT_LEAD, { priority: 'P1', urgent: true }, '2026-11-26T09:20:00+08:00');
    expect(c).toMatchObject({ state: 'PENDING_DISPATCH', priority: 'P1', urgent: true, categoryCode: 'E0102' });
    expect(local(c.filedAt)).toBe('2026-11-26T09:20:00+08:00');
    expect(local(c.stepDueAt)).toBe('2026-11-26T09:50:00+08:00');

    c = step(c, 'dispatch', OPERATOR, { assignee: { unitCode: UNIT } }, '2026-11-26T09:30:00+08:00');
    expect(c).toMatchObject({ state: 'DISPATCHED', assigneeUserId: null, assigneeUnitCode: UNIT, handlingLimitUnit: 'working_hours', deadlineVersion: 1 });
    expect(local(c.dispatchedAt)).toBe('2026-11-26T09:30:00+08:00');
    expect(local(c.handlingStartedAt)).toBe('2026-11-26T09:30:00+08:00');
    expect(local(c.handlingDueAt)).toBe('2026-11-26T13:30:00+08:00');
    // 80% of 240 working minutes = 192 minutes after dispatch
    expect(clockOf(c)).toEqual({ stepDueAt: null, clockYellowAt: '2026-11-26T12:42:00+08:00', clockDueAt: '2026-11-26T13:30:00+08:00' });

    c = step(c, 'accept', UNIT_STAFF, {}, '2026-11-26T10:00:00+08:00');
    expect(c.state).toBe('IN_PROGRESS');
    expect(local(c.acceptedAt)).toBe('2026-11-26T10:00:00+08:00');
    // the clock started at dispatch, accepting does not restart it
    expect(local(c.handlingStartedAt)).toBe('2026-11-26T09:30:00+08:00');
    expect(local(c.clockDueAt)).toBe('2026-11-26T13:30:00+08:00');
    expect(c.deadlineVersion).toBe(1);

    c = step(c, 'handle', UNIT_STAFF, { attachments: [{ id: 'a-1', kind: 'after' }] }, '2026-11-26T11:00:00+08:00');
    expect(c).toMatchObject({ state: 'HANDLED', fixerUserId: UNIT_STAFF.userId });
    expect(local(c.handledAt)).toBe('2026-11-26T11:00:00+08:00');
    expect(clockOf(c)).toEqual({ stepDueAt: null, clockYellowAt: null, clockDueAt: null });

    c = step(c, 'send-check', SYSTEM_ACTOR, { checkerUserId: GW2 }, '2026-11-26T11:05:00+08:00');
    expect(c).toMatchObject({ state: 'PENDING_CHECK', checkerUserId: GW2 });
    expect(clockOf(c)).toEqual({
      stepDueAt: '2026-11-26T13:05:00+08:00',
      clockYellowAt: '2026-11-26T12:41:00+08:00',
      clockDueAt: '2026-11-26T13:05:00+08:00',
    });

    c = step(c, 'check-pass', GRID_WORKER_2, {}, '2026-11-26T11:30:00+08:00');
    expect(c).toMatchObject({ state: 'PENDING_CLOSE', checkerUserId: GW2 });
    expect(local(c.checkedAt)).toBe('2026-11-26T11:30:00+08:00');
    expect(clockOf(c)).toEqual({
      stepDueAt: '2026-11-26T12:30:00+08:00',
      clockYellowAt: '2026-11-26T12:18:00+08:00',
      clockDueAt: '2026-11-26T12:30:00+08:00',
    });

    c = step(c, 'close', SHIFT_LEAD, {}, '2026-11-26T12:00:00+08:00');
    expect(c.state).toBe('CLOSED');
    expect(local(c.closedAt)).toBe('2026-11-26T12:00:00+08:00');
    expect(clockOf(c)).toEqual({ stepDueAt: null, clockYellowAt: null, clockDueAt: null });
    expect(lightOf(c, at('2026-11-26T12:00:00+08:00'))).toBeNull();

    c = step(c, 'callback', OPERATOR, { satisfied: true }, '2026-11-26T14:00:00+08:00');
    expect(c).toMatchObject({ state: 'CLOSED', callbackSatisfied: true, reworkCount: 0 });
    expect(refusalCode(c, 'callback', OPERATOR, { satisfied: true }, '2026-11-26T15:00:00+08:00')).toBe('RULE_VIOLATION');
  });

  it('reports from and to on every transition', () => {
    const r = transition(reported('2026-11-26T09:00:00+08:00'), 'send-verify', OPERATOR, {}, envAt('2026-11-26T09:01:00+08:00'));
    expect(r).toMatchObject({ ok: true, from: 'REPORTED', to: 'PENDING_VERIFY' });
  });
});

describe('the loop in the issue: send-verify → confirm → file → dispatch → accept → handle → send-check → check-fail → handle → send-check → check-pass → close', () => {
  it('ends CLOSED with reworkCount 1', () => {
    const trail: CaseState[] = [];
    let c = reported('2026-11-26T09:00:00+08:00');
    const go = (action: CaseAction, actor: Actor, input: ActionInput, now: string) => {
      c = step(c, action, actor, input, now);
      trail.push(c.state);
    };
    go('send-verify', OPERATOR, {}, '2026-11-26T09:02:00+08:00');
    expect(local(c.stepDueAt)).toBe('2026-11-26T10:02:00+08:00'); // verify: 60 natural minutes
    go('confirm', GRID_WORKER, {}, '2026-11-26T09:40:00+08:00');
    go('file', SHIFT_LEAD, {}, '2026-11-26T09:50:00+08:00');
    go('dispatch', OPERATOR, { assignee: { userId: GW1 } }, '2026-11-26T10:00:00+08:00');
    go('accept', GRID_WORKER, {}, '2026-11-26T10:05:00+08:00');
    go('handle', GRID_WORKER, { note: '已清理' }, '2026-11-26T10:45:00+08:00');
    go('send-check', SYSTEM_ACTOR, { checkerUserId: GW2 }, '2026-11-26T10:46:00+08:00');
    // the fixer may not check its own fix
    expect(refusalCode(c, 'check-fail', GRID_WORKER, { note: 'x' }, '2026-11-26T11:00:00+08:00')).toBe('FORBIDDEN');
    go('check-fail', GRID_WORKER_2, { note: '仍有垃圾' }, '2026-11-26T11:30:00+08:00');
    expect(c).toMatchObject({ state: 'REWORK', reworkCount: 1, assigneeUserId: GW1 });
    expect(local(c.checkedAt)).toBe('2026-11-26T11:30:00+08:00');
    // rework runs on the handling clock, with the deadline from dispatch
    expect(local(c.clockDueAt)).toBe('2026-11-26T14:00:00+08:00');
    go('handle', GRID_WORKER, { note: '已彻底清理', attachments: [{ id: 'a-2', kind: 'after' }] }, '2026-11-26T12:00:00+08:00');
    go('send-check', SYSTEM_ACTOR, { checkerUserId: GW2 }, '2026-11-26T12:01:00+08:00');
    go('check-pass', GRID_WORKER_2, {}, '2026-11-26T13:00:00+08:00');
    go('close', SHIFT_LEAD, {}, '2026-11-26T13:30:00+08:00');

    expect(trail).toEqual([
      'PENDING_VERIFY',
      'PENDING_FILE',
      'PENDING_DISPATCH',
      'DISPATCHED',
      'IN_PROGRESS',
      'HANDLED',
      'PENDING_CHECK',
      'REWORK',
      'HANDLED',
      'PENDING_CHECK',
      'PENDING_CLOSE',
      'CLOSED',
    ]);
    expect(c).toMatchObject({ state: 'CLOSED', reworkCount: 1, extensionCount: 0, returnCount: 0 });
  });
});

describe('counters', () => {
  it('check-fail in PENDING_CHECK counts a rework and needs a note', () => {
    const c = makeCase({ state: 'PENDING_CHECK', reworkCount: 2 });
    expect(refusalCode(c, 'check-fail', GRID_WORKER_2, {}, '2026-11-26T10:00:00+08:00')).toBe('INVALID_INPUT');
    expect(refusalCode(c, 'check-fail', GRID_WORKER_2, { note: '  ' }, '2026-11-26T10:00:00+08:00')).toBe('INVALID_INPUT');
    expect(step(c, 'check-fail', GRID_WORKER_2, { note: 'no' }, '2026-11-26T10:00:00+08:00')).toMatchObject({ state: 'REWORK', reworkCount: 3 });
  });

  it('check-fail in PENDING_CLOSE (shift lead review) counts a rework too', () => {
    const c = makeCase({ state: 'PENDING_CLOSE' });
    expect(step(c, 'check-fail', SHIFT_LEAD, { note: 'photo shows nothing' }, '2026-11-26T10:00:00+08:00')).toMatchObject({
      state: 'REWORK',
      reworkCount: 1,
    });
  });

  it('a dissatisfied callback reopens the case to REWORK and counts a rework', () => {
    const closed = makeCase({ state: 'CLOSED', closedAt: at('2026-11-26T12:00:00+08:00') });
    const next = step(closed, 'callback', OPERATOR, { satisfied: false }, '2026-11-26T15:00:00+08:00');
    expect(next).toMatchObject({ state: 'REWORK', reworkCount: 1, callbackSatisfied: false, closedAt: null });
  });

  it('approve-return counts a return', () => {
    const c = makeCase({ state: 'RETURN_REQUESTED', requestedFromState: 'DISPATCHED', returnCount: 1 });
    expect(step(c, 'approve-return', SHIFT_LEAD, {}, '2026-11-26T10:00:00+08:00').returnCount).toBe(2);
  });

  it('approve-extension counts an extension, reject-extension does not', () => {
    const c = makeCase({ state: 'EXTENSION_REQUESTED', requestedDueAt: at('2026-11-30T17:30:00+08:00') });
    expect(step(c, 'approve-extension', SHIFT_LEAD, {}, '2026-11-26T10:00:00+08:00').extensionCount).toBe(1);
    expect(step(c, 'reject-extension', SHIFT_LEAD, { note: 'no' }, '2026-11-26T10:00:00+08:00').extensionCount).toBe(0);
  });
});

describe('flags: urge, escalate, comment', () => {
  const now = '2026-11-26T10:00:00+08:00';

  it('urge sets supervised and changes neither state nor step start nor clock', () => {
    const c = inProgress('2026-11-26T09:00:00+08:00', '2026-11-26T09:30:00+08:00');
    const next = step(c, 'urge', SUPERVISOR, {}, now);
    expect(next).toMatchObject({ state: 'IN_PROGRESS', supervised: true, deadlineVersion: c.deadlineVersion });
    expect(next.stepStartedAt).toEqual(c.stepStartedAt);
    expect(clockOf(next)).toEqual(clockOf(c));
  });

  it('urge is refused on closed and void cases', () => {
    expect(refusalCode(makeCase({ state: 'CLOSED' }), 'urge', SUPERVISOR, {}, now)).toBe('INVALID_STATE');
    expect(refusalCode(makeCase({ state: 'VOID' }), 'urge', SUPERVISOR, {}, now)).toBe('INVALID_STATE');
  });

  it('escalate sets escalatedToDistrict, needs a note, and a second escalate is a RULE_VIOLATION', () => {
    const c = makeCase({ state: 'IN_PROGRESS' });
    expect(refusalCode(c, 'escalate', SHIFT_LEAD, {}, now)).toBe('INVALID_INPUT');
    const once = step(c, 'escalate', SHIFT_LEAD, { note: '需区级协调' }, now);
    expect(once).toMatchObject({ state: 'IN_PROGRESS', escalatedToDistrict: true });
    expect(refusalCode(once, 'escalate', SUPERVISOR, { note: 'again' }, now)).toBe('RULE_VIOLATION');
    expect(allowedActions(once, SHIFT_LEAD, CAT_RUBBISH)).not.toContain('escalate');
  });

  it('comment needs a note and leaves the case as it is, even on CLOSED and VOID', () => {
    for (const state of ['IN_PROGRESS', 'CLOSED', 'VOID'] as CaseState[]) {
      const c = makeCase({ state });
      expect(refusalCode(c, 'comment', UNIT_STAFF, { note: 'x' }, now)).toBe('NOT_FOUND'); // not its case
      expect(refusalCode(c, 'comment', OPERATOR, {}, now)).toBe('INVALID_INPUT');
      const next = step(c, 'comment', OPERATOR, { note: '说明情况' }, now);
      expect(next).toEqual({ ...c, ...runningClock(c, { calendar: CAL }) });
    }
  });
});

describe('dispatch: the handling clock starts here', () => {
  it.each<[string, WorkflowCategory, string, string]>([
    ['4 working hours, same day', CAT_RUBBISH, '2026-11-26T09:30:00+08:00', '2026-11-26T13:30:00+08:00'],
    ['4 working hours, over the weekend', CAT_RUBBISH, '2026-11-27T15:00:00+08:00', '2026-11-30T10:00:00+08:00'],
    ['4 working hours, dispatched at night', CAT_RUBBISH, '2026-11-26T20:00:00+08:00', '2026-11-27T12:30:00+08:00'],
    ['1 working day, over the weekend', CAT_PILING, '2026-11-27T15:00:00+08:00', '2026-11-30T15:00:00+08:00'],
    ['24 natural hours, over a Saturday', CAT_MANHOLE, '2026-11-27T20:00:00+08:00', '2026-11-28T20:00:00+08:00'],
  ])('%s: handlingDueAt = calendar.addLimit(now, limit)', (_label, category, now, due) => {
    const c = dispatched(now, category);
    expect(c.handlingDueAt).toEqual(CAL.addLimit(at(now), category.handlingLimit));
    expect(local(c.handlingDueAt)).toBe(due);
    expect(c.handlingStartedAt).toEqual(at(now));
    expect(c.dispatchedAt).toEqual(at(now));
    expect(c.handlingLimitUnit).toBe(category.handlingLimit.unit);
    expect(c.clockDueAt).toEqual(c.handlingDueAt);
    expect(c.deadlineVersion).toBe(1);
  });

  it('dispatch to a person sets assigneeUserId only, to a unit assigneeUnitCode only', () => {
    expect(dispatched('2026-11-26T09:30:00+08:00', CAT_RUBBISH, { userId: GW1 })).toMatchObject({ assigneeUserId: GW1, assigneeUnitCode: null });
    expect(dispatched('2026-11-26T09:30:00+08:00', CAT_RUBBISH, { unitCode: UNIT })).toMatchObject({ assigneeUserId: null, assigneeUnitCode: UNIT });
  });

  it.each<[string, ActionInput]>([
    ['no assignee', {}],
    ['an empty assignee', { assignee: {} }],
    ['both userId and unitCode', { assignee: { userId: GW1, unitCode: UNIT } }],
  ])('needs exactly one of userId/unitCode: %s → INVALID_INPUT', (_label, input) => {
    const c = makeCase({ state: 'PENDING_DISPATCH', assigneeUserId: null });
    expect(refusalCode(c, 'dispatch', OPERATOR, input, '2026-11-26T09:30:00+08:00')).toBe('INVALID_INPUT');
  });

  it('bumps deadlineVersion on every dispatch', () => {
    const c = makeCase({ state: 'PENDING_DISPATCH', assigneeUserId: null, deadlineVersion: 4 });
    expect(step(c, 'dispatch', SYSTEM_ACTOR, { assignee: { unitCode: UNIT } }, '2026-11-26T09:30:00+08:00').deadlineVersion).toBe(5);
  });
});

describe('file and refile', () => {
  it('file takes the category from the environment (the shift lead may correct it) and keeps priority/urgent unless given', () => {
    const c = makeCase({ state: 'PENDING_FILE', categoryCode: 'E0102', priority: 'P2', urgent: false });
    const next = step(c, 'file', SHIFT_LEAD, { categoryCode: 'C0101' }, '2026-11-26T09:20:00+08:00', CAT_MANHOLE);
    expect(next).toMatchObject({ state: 'PENDING_DISPATCH', categoryCode: 'C0101', priority: 'P2', urgent: false });
    expect(local(next.filedAt)).toBe('2026-11-26T09:20:00+08:00');
  });

  it('refile goes back to PENDING_FILE and needs a note', () => {
    const c = makeCase({ state: 'PENDING_DISPATCH' });
    expect(refusalCode(c, 'refile', OPERATOR, {}, '2026-11-26T09:20:00+08:00')).toBe('INVALID_INPUT');
    expect(step(c, 'refile', OPERATOR, { note: '类别有误' }, '2026-11-26T09:20:00+08:00').state).toBe('PENDING_FILE');
  });
});

describe('return (回退)', () => {
  const D = '2026-11-26T09:30:00+08:00';

  it('request-return needs a return reason code', () => {
    const c = dispatched(D);
    expect(refusalCode(c, 'request-return', GRID_WORKER, {}, '2026-11-26T09:40:00+08:00')).toBe('INVALID_INPUT');
    expect(refusalCode(c, 'request-return', GRID_WORKER, { reasonCode: 'duplicate' }, '2026-11-26T09:40:00+08:00')).toBe('INVALID_INPUT');
    const next = step(c, 'request-return', GRID_WORKER, { reasonCode: 'not_our_responsibility' }, '2026-11-26T09:40:00+08:00');
    expect(next).toMatchObject({ state: 'RETURN_REQUESTED', requestedFromState: 'DISPATCHED', returnReason: 'not_our_responsibility' });
    // the handling clock keeps running while the shift lead decides
    expect(next.clockDueAt).toEqual(c.handlingDueAt);
  });

  it.each<[string, (d: string) => WorkflowCase, CaseState]>([
    ['DISPATCHED', (d) => dispatched(d), 'DISPATCHED'],
    ['IN_PROGRESS', (d) => step(dispatched(d), 'accept', GRID_WORKER, {}, '2026-11-26T09:35:00+08:00'), 'IN_PROGRESS'],
  ])('reject-return goes back to where the request came from: %s', (_label, build, back) => {
    const requested = step(build(D), 'request-return', GRID_WORKER, { reasonCode: 'wrong_location' }, '2026-11-26T09:40:00+08:00');
    expect(refusalCode(requested, 'reject-return', SHIFT_LEAD, {}, '2026-11-26T09:50:00+08:00')).toBe('INVALID_INPUT');
    const next = step(requested, 'reject-return', SHIFT_LEAD, { note: '属于你单位职责' }, '2026-11-26T09:50:00+08:00');
    expect(next).toMatchObject({ state: back, requestedFromState: null, returnReason: null, assigneeUserId: GW1, returnCount: 0 });
    expect(next.handlingDueAt).toEqual(requested.handlingDueAt);
  });

  it('approve-return clears assignee and handling clock, bumps deadlineVersion, and the case can be re-dispatched', () => {
    const c = dispatched(D, CAT_RUBBISH, { unitCode: UNIT });
    const requested = step(c, 'request-return', UNIT_STAFF, { reasonCode: 'not_our_responsibility' }, '2026-11-26T09:40:00+08:00');
    const back = step(requested, 'approve-return', SHIFT_LEAD, {}, '2026-11-26T10:00:00+08:00');
    expect(back).toMatchObject({
      state: 'PENDING_DISPATCH',
      returnCount: 1,
      requestedFromState: null,
      assigneeUserId: null,
      assigneeUnitCode: null,
      handlingStartedAt: null,
      handlingDueAt: null,
      deadlineVersion: c.deadlineVersion + 1,
    });
    // the dispatch step clock runs again: 30 natural minutes
    expect(clockOf(back)).toEqual({
      stepDueAt: '2026-11-26T10:30:00+08:00',
      clockYellowAt: '2026-11-26T10:24:00+08:00',
      clockDueAt: '2026-11-26T10:30:00+08:00',
    });

    const again = step(back, 'dispatch', OPERATOR, { assignee: { userId: GW1 } }, '2026-11-26T10:10:00+08:00');
    expect(again).toMatchObject({ state: 'DISPATCHED', assigneeUserId: GW1, assigneeUnitCode: null, returnReason: null, returnCount: 1 });
    expect(again.deadlineVersion).toBe(back.deadlineVersion + 1);
    expect(local(again.handlingStartedAt)).toBe('2026-11-26T10:10:00+08:00');
    expect(local(again.handlingDueAt)).toBe('2026-11-26T14:10:00+08:00');
  });
});

describe('extension (延期)', () => {
  // dispatched Thu 09:30, 4 working hours → due Thu 13:30
  const base = () => inProgress('2026-11-26T09:30:00+08:00', '2026-11-26T10:00:00+08:00');
  const REQ = '2026-11-26T11:00:00+08:00';

  it.each<[string, ActionInput]>([
    ['no dueAt', { note: '需要更换配件' }],
    ['dueAt equal to the current deadline', { dueAt: at('2026-11-26T13:30:00+08:00'), note: 'x' }],
    ['dueAt before the current deadline', { dueAt: at('2026-11-26T12:00:00+08:00'), note: 'x' }],
    ['dueAt in the past', { dueAt: at('2026-11-26T10:30:00+08:00'), note: 'x' }],
    ['no note', { dueAt: at('2026-11-27T17:30:00+08:00') }],
    ['a blank note', { dueAt: at('2026-11-27T17:30:00+08:00'), note: '   ' }],
  ])('request-extension refuses %s → INVALID_INPUT', (_label, input) => {
    expect(refusalCode(base(), 'request-extension', GRID_WORKER, input, REQ)).toBe('INVALID_INPUT');
  });

  it('request then approve: the new deadline is set, extensionCount 1, deadlineVersion bumped', () => {
    const c = base();
    const requested = step(c, 'request-extension', GRID_WORKER, { dueAt: at('2026-11-27T17:30:00+08:00'), note: '需要更换配件' }, REQ);
    expect(requested).toMatchObject({ state: 'EXTENSION_REQUESTED', requestedFromState: 'IN_PROGRESS' });
    expect(local(requested.requestedDueAt)).toBe('2026-11-27T17:30:00+08:00');
    expect(requested.handlingDueAt).toEqual(c.handlingDueAt);
    expect(local(requested.clockDueAt)).toBe('2026-11-26T13:30:00+08:00');

    const approved = step(requested, 'approve-extension', SHIFT_LEAD, {}, '2026-11-26T11:30:00+08:00');
    expect(approved).toMatchObject({
      state: 'IN_PROGRESS',
      extensionCount: 1,
      requestedDueAt: null,
      requestedFromState: null,
      deadlineVersion: c.deadlineVersion + 1,
    });
    expect(local(approved.handlingDueAt)).toBe('2026-11-27T17:30:00+08:00');
    expect(local(approved.clockDueAt)).toBe('2026-11-27T17:30:00+08:00');
    // yellow at 80% of the 1020 working minutes Thu 09:30 → Fri 17:30: 816 minutes → Fri 14:06
    expect(local(approved.clockYellowAt)).toBe('2026-11-27T14:06:00+08:00');
  });

  it('the approver may grant another deadline than the one asked for', () => {
    const requested = step(base(), 'request-extension', GRID_WORKER, { dueAt: at('2026-11-30T17:30:00+08:00'), note: 'x' }, REQ);
    const approved = step(requested, 'approve-extension', SHIFT_LEAD, { dueAt: at('2026-11-27T12:00:00+08:00') }, '2026-11-26T11:30:00+08:00');
    expect(local(approved.handlingDueAt)).toBe('2026-11-27T12:00:00+08:00');
  });

  it('approve-extension refuses a granted deadline that is already past', () => {
    const c = makeCase({ state: 'EXTENSION_REQUESTED', requestedDueAt: at('2026-11-26T12:00:00+08:00') });
    expect(refusalCode(c, 'approve-extension', SHIFT_LEAD, {}, '2026-11-26T12:00:00+08:00')).toBe('INVALID_INPUT');
    expect(refusalCode(c, 'approve-extension', SHIFT_LEAD, { dueAt: at('2026-11-26T11:00:00+08:00') }, '2026-11-26T11:30:00+08:00')).toBe(
      'INVALID_INPUT',
    );
  });

  it('a second extension: approval by the shift lead is FORBIDDEN, by a supervisor (leadership) allowed', () => {
    const first = step(
      step(base(), 'request-extension', GRID_WORKER, { dueAt: at('2026-11-27T17:30:00+08:00'), note: '配件' }, REQ),
      'approve-extension',
      SHIFT_LEAD,
      {},
      '2026-11-26T11:30:00+08:00',
    );
    const second = step(first, 'request-extension', GRID_WORKER, { dueAt: at('2026-11-30T17:30:00+08:00'), note: '厂家未到货' }, '2026-11-27T10:00:00+08:00');
    expect(refusalCode(second, 'approve-extension', SHIFT_LEAD, {}, '2026-11-27T10:30:00+08:00')).toBe('FORBIDDEN');
    expect(allowedActions(second, SHIFT_LEAD, CAT_RUBBISH)).not.toContain('approve-extension');
    expect(allowedActions(second, SUPERVISOR, CAT_RUBBISH)).toContain('approve-extension');

    const approved = step(second, 'approve-extension', SUPERVISOR, {}, '2026-11-27T10:30:00+08:00');
    expect(approved).toMatchObject({ state: 'IN_PROGRESS', extensionCount: 2, deadlineVersion: first.deadlineVersion + 1 });
    expect(local(approved.handlingDueAt)).toBe('2026-11-30T17:30:00+08:00');

    // the shift lead may still reject a second request
    const rejected = step(second, 'reject-extension', SHIFT_LEAD, { note: '不同意' }, '2026-11-27T10:30:00+08:00');
    expect(rejected).toMatchObject({ state: 'IN_PROGRESS', extensionCount: 1, requestedDueAt: null, deadlineVersion: first.deadlineVersion });
    expect(local(rejected.handlingDueAt)).toBe('2026-11-27T17:30:00+08:00');
  });

  it('reject-extension needs a note', () => {
    const c = makeCase({ state: 'EXTENSION_REQUESTED', requestedDueAt: at('2026-11-30T17:30:00+08:00') });
    expect(refusalCode(c, 'reject-extension', SUPERVISOR, {}, REQ)).toBe('INVALID_INPUT');
  });
});

describe('suspension (挂账): the remaining time is kept and restored', () => {
  it('working-day limit, suspended Thursday, resumed Friday evening: the deadline moves over the weekend', () => {
    // dispatched Thu 10:00 with 1 working day (540 min) → due Fri 10:00
    const c = inProgress('2026-11-26T10:00:00+08:00', '2026-11-26T10:10:00+08:00', CAT_PILING);
    expect(local(c.handlingDueAt)).toBe('2026-11-27T10:00:00+08:00');

    expect(refusalCode(c, 'request-suspend', GRID_WORKER, {}, '2026-11-26T15:00:00+08:00', CAT_PILING)).toBe('INVALID_INPUT');
    const requested = step(c, 'request-suspend', GRID_WORKER, { note: '业主不在，无法入户' }, '2026-11-26T15:00:00+08:00', CAT_PILING);
    expect(requested).toMatchObject({ state: 'SUSPEND_REQUESTED', requestedFromState: 'IN_PROGRESS' });
    expect(requested.clockDueAt).toEqual(c.handlingDueAt); // still on the handling clock

    // approved Thu 16:00: left = Thu 16:00–17:30 (90) + Fri 08:30–10:00 (90) = 180 working minutes
    const suspended = step(requested, 'approve-suspend', SHIFT_LEAD, {}, '2026-11-26T16:00:00+08:00', CAT_PILING);
    expect(suspended).toMatchObject({
      state: 'SUSPENDED',
      suspendedRemainingMinutes: 180,
      requestedFromState: null,
      deadlineVersion: c.deadlineVersion + 1,
    });
    expect(clockOf(suspended)).toEqual({ stepDueAt: null, clockYellowAt: null, clockDueAt: null });
    expect(lightOf(suspended, at('2026-11-27T12:00:00+08:00'))).toBeNull();

    // resumed Fri 17:00: 30 minutes on Friday, 150 on Monday from 08:30 → Mon 11:00
    const resumed = step(suspended, 'resume', GRID_WORKER, {}, '2026-11-27T17:00:00+08:00', CAT_PILING);
    expect(resumed).toMatchObject({ state: 'IN_PROGRESS', suspendedRemainingMinutes: null, deadlineVersion: suspended.deadlineVersion + 1 });
    expect(local(resumed.handlingDueAt)).toBe('2026-11-30T11:00:00+08:00');
    expect(local(resumed.clockDueAt)).toBe('2026-11-30T11:00:00+08:00');
    expect(CAL.workingMinutesBetween(at('2026-11-27T17:00:00+08:00'), resumed.handlingDueAt ?? at('2026-11-27T17:00:00+08:00'))).toBe(180);
  });

  it('natural-hours limit: the remaining wall-clock time is restored, weekend or not', () => {
    // dispatched Thu 10:00 with 24 natural hours → due Fri 10:00
    const c = inProgress('2026-11-26T10:00:00+08:00', '2026-11-26T10:10:00+08:00', CAT_MANHOLE);
    const requested = step(c, 'request-suspend', GRID_WORKER, { note: '等待供水公司' }, '2026-11-26T15:00:00+08:00', CAT_MANHOLE);
    const suspended = step(requested, 'approve-suspend', SHIFT_LEAD, {}, '2026-11-26T16:00:00+08:00', CAT_MANHOLE);
    expect(suspended.suspendedRemainingMinutes).toBe(18 * 60);
    const resumed = step(suspended, 'resume', SHIFT_LEAD, {}, '2026-11-28T12:00:00+08:00', CAT_MANHOLE);
    expect(local(resumed.handlingDueAt)).toBe('2026-11-29T06:00:00+08:00');
  });

  // After `resume` the clock restarts with the time left, so the suspension never counts as time used.
  it('a case resumed with 1/3 of its working-day limit left is green at resume (360 of 540 min used = 67%)', () => {
    const c = inProgress('2026-11-26T10:00:00+08:00', '2026-11-26T10:10:00+08:00', CAT_PILING);
    const requested = step(c, 'request-suspend', GRID_WORKER, { note: 'x' }, '2026-11-26T15:00:00+08:00', CAT_PILING);
    const suspended = step(requested, 'approve-suspend', SHIFT_LEAD, {}, '2026-11-26T16:00:00+08:00', CAT_PILING);
    const resumed = step(suspended, 'resume', GRID_WORKER, {}, '2026-11-27T17:00:00+08:00', CAT_PILING);
    expect(lightOf(resumed, at('2026-11-27T17:00:00+08:00'))).toBe('green');
  });

  it('a natural-hours case resumed after two weeks with 22 of 24 hours left is green at resume', () => {
    const c = inProgress('2026-11-26T10:00:00+08:00', '2026-11-26T10:05:00+08:00', CAT_MANHOLE);
    const requested = step(c, 'request-suspend', GRID_WORKER, { note: 'x' }, '2026-11-26T11:00:00+08:00', CAT_MANHOLE);
    const suspended = step(requested, 'approve-suspend', SHIFT_LEAD, {}, '2026-11-26T12:00:00+08:00', CAT_MANHOLE);
    const resumed = step(suspended, 'resume', SHIFT_LEAD, {}, '2026-12-10T12:00:00+08:00', CAT_MANHOLE);
    expect(local(resumed.handlingDueAt)).toBe('2026-12-11T10:00:00+08:00'); // this part is right
    expect(lightOf(resumed, at('2026-12-10T12:00:00+08:00'))).toBe('green');
  });

  it('unit staff of the assigned unit may resume', () => {
    const c = makeCase({ state: 'SUSPENDED', assigneeUserId: null, assigneeUnitCode: UNIT, handlingLimitUnit: 'working_hours', suspendedRemainingMinutes: 60 });
    const resumed = step(c, 'resume', UNIT_STAFF, {}, '2026-11-27T17:00:00+08:00');
    expect(local(resumed.handlingDueAt)).toBe('2026-11-30T09:00:00+08:00');
  });

  it('reject-suspend goes back to IN_PROGRESS with the deadline untouched and needs a note', () => {
    const c = inProgress('2026-11-26T10:00:00+08:00', '2026-11-26T10:10:00+08:00');
    const requested = step(c, 'request-suspend', GRID_WORKER, { note: 'x' }, '2026-11-26T11:00:00+08:00');
    expect(refusalCode(requested, 'reject-suspend', SHIFT_LEAD, {}, '2026-11-26T11:10:00+08:00')).toBe('INVALID_INPUT');
    const rejected = step(requested, 'reject-suspend', SHIFT_LEAD, { note: '请继续处置' }, '2026-11-26T11:10:00+08:00');
    expect(rejected).toMatchObject({ state: 'IN_PROGRESS', requestedFromState: null, deadlineVersion: c.deadlineVersion });
    expect(rejected.handlingDueAt).toEqual(c.handlingDueAt);
  });
});

describe('merge and void', () => {
  const now = '2026-11-26T09:05:00+08:00';

  it('merge ends the duplicate: VOID, duplicateOf the target, voidReason duplicate', () => {
    for (const state of ['REPORTED', 'IN_PROGRESS', 'PENDING_CLOSE'] as CaseState[]) {
      const next = step(makeCase({ state }), 'merge', OPERATOR, { targetCaseId: 'case-0' }, now);
      expect(next).toMatchObject({ state: 'VOID', duplicateOf: 'case-0', voidReason: 'duplicate' });
      expect(clockOf(next)).toEqual({ stepDueAt: null, clockYellowAt: null, clockDueAt: null });
    }
  });

  it('merge into itself or into nothing is refused', () => {
    const c = makeCase({ state: 'REPORTED', id: 'case-1' });
    expect(refusalCode(c, 'merge', OPERATOR, { targetCaseId: 'case-1' }, now)).toBe('INVALID_INPUT');
    expect(refusalCode(c, 'merge', OPERATOR, {}, now)).toBe('INVALID_INPUT');
    expect(refusalCode(c, 'merge', OPERATOR, { targetCaseId: '' }, now)).toBe('INVALID_INPUT');
  });

  it.each(VOID_REASONS.map((r) => [r]))('void with reason %s → VOID', (reasonCode) => {
    const next = step(reported('2026-11-26T09:00:00+08:00'), 'void', OPERATOR, { reasonCode }, now);
    expect(next).toMatchObject({ state: 'VOID', voidReason: reasonCode });
    expect(lightOf(next, at(now))).toBeNull();
  });

  it.each<[string, ActionInput]>([
    ['no reason', {}],
    ['a return reason', { reasonCode: 'wrong_category' }],
    ['an unknown code', { reasonCode: 'bogus' as never }],
  ])('void with %s → INVALID_INPUT', (_label, input) => {
    expect(refusalCode(reported('2026-11-26T09:00:00+08:00'), 'void', OPERATOR, input, now)).toBe('INVALID_INPUT');
  });

  it('a grid worker may void while verifying (not found on site)', () => {
    const c = step(reported('2026-11-26T09:00:00+08:00'), 'send-verify', OPERATOR, {}, '2026-11-26T09:01:00+08:00');
    expect(step(c, 'void', GRID_WORKER, { reasonCode: 'not_found' }, now)).toMatchObject({ state: 'VOID', voidReason: 'not_found' });
  });
});

describe('handle and self-dispose need a note or a photo', () => {
  const now = '2026-11-26T11:00:00+08:00';
  const cases: Array<[CaseAction, () => WorkflowCase]> = [
    ['handle', () => makeCase({ state: 'IN_PROGRESS' })],
    ['handle', () => makeCase({ state: 'REWORK' })],
    ['self-dispose', () => makeCase({ state: 'REPORTED', assigneeUserId: null })],
    ['self-dispose', () => makeCase({ state: 'PENDING_VERIFY', assigneeUserId: null })],
  ];

  it.each(cases)('%s (%#) refuses empty input, a blank note and an empty photo list', (action, build) => {
    for (const input of [{}, { note: '' }, { note: '  \n' }, { attachments: [] }, { note: ' ', attachments: [] }] as ActionInput[]) {
      expect(refusalCode(build(), action, GRID_WORKER, input, now)).toBe('INVALID_INPUT');
    }
  });

  it.each(cases)('%s (%#) accepts a note alone or a photo alone', (action, build) => {
    expect(refusalCode(build(), action, GRID_WORKER, { note: '已处理' }, now)).toBe('ok');
    expect(refusalCode(build(), action, GRID_WORKER, { attachments: [{ id: 'a-1', kind: 'other' }] }, now)).toBe('ok');
  });
});

describe('handle and self-dispose need an after-photo where the category says so (处置后照片)', () => {
  const now = '2026-11-26T11:00:00+08:00';
  const cases: Array<[CaseAction, () => WorkflowCase]> = [
    ['handle', () => makeCase({ state: 'IN_PROGRESS', categoryCode: 'E0507' })],
    ['handle', () => makeCase({ state: 'REWORK', categoryCode: 'E0507' })],
    ['self-dispose', () => makeCase({ state: 'REPORTED', assigneeUserId: null, categoryCode: 'E0507' })],
  ];

  it.each(cases)('%s (%#) refuses a note alone, and photos of other kinds', (action, build) => {
    const refused: ActionInput[] = [
      { note: '已处理' },
      { note: '已处理', attachments: [{ id: 'a-1', kind: 'before' }] },
      { attachments: [{ id: 'a-1', kind: 'other' }, { id: 'a-2', kind: 'report' }] },
    ];
    for (const input of refused) expect(refusalCode(build(), action, GRID_WORKER, input, now, CAT_PILING)).toBe('INVALID_INPUT');
    const r = transition(build(), action, GRID_WORKER, { note: '已处理' }, envAt(now, CAT_PILING));
    expect(isRefusal(r) && r.message).toMatch(/after-photo/);
  });

  it.each(cases)('%s (%#) accepts an after-photo, with or without a note or a before-photo', (action, build) => {
    expect(refusalCode(build(), action, GRID_WORKER, { attachments: [{ id: 'a-2', kind: 'after' }] }, now, CAT_PILING)).toBe('ok');
    const both = { note: '已清理', attachments: [{ id: 'a-1', kind: 'before' }, { id: 'a-2', kind: 'after' }] } as ActionInput;
    expect(refusalCode(build(), action, GRID_WORKER, both, now, CAT_PILING)).toBe('ok');
  });

  it('does not ask other actions for an after-photo', () => {
    const c = makeCase({ state: 'IN_PROGRESS', categoryCode: 'E0507' });
    expect(refusalCode(c, 'comment', GRID_WORKER, { note: '在处理' }, now, CAT_PILING)).toBe('ok');
  });
});

describe('self-dispose (自处置)', () => {
  const now = '2026-11-26T09:03:00+08:00';

  it('is a RULE_VIOLATION for a category that is not self-disposable', () => {
    const c = reported('2026-11-26T09:00:00+08:00', 'patrol', CAT_MANHOLE);
    expect(refusalCode(c, 'self-dispose', GRID_WORKER, { note: 'fixed' }, now, CAT_MANHOLE)).toBe('RULE_VIOLATION');
    expect(allowedActions(c, GRID_WORKER, CAT_MANHOLE)).not.toContain('self-dispose');
    expect(allowedActions(c, GRID_WORKER, CAT_RUBBISH)).toContain('self-dispose');
  });

  it('records the grid worker as fixer and assignee, then goes through check (not by the fixer) to close', () => {
    const c = reported('2026-11-26T09:00:00+08:00', 'patrol');
    const self = step(c, 'self-dispose', GRID_WORKER, { attachments: [{ id: 'a-1', kind: 'before' }, { id: 'a-2', kind: 'after' }] }, now);
    expect(self).toMatchObject({ state: 'SELF_DISPOSED', fixerUserId: GW1, assigneeUserId: GW1 });
    expect(local(self.filedAt)).toBe('2026-11-26T09:03:00+08:00');
    expect(local(self.handledAt)).toBe('2026-11-26T09:03:00+08:00');
    expect(self.handlingStartedAt).toBeNull();

    const toCheck = step(self, 'send-check', SYSTEM_ACTOR, {}, '2026-11-26T09:04:00+08:00');
    expect(toCheck).toMatchObject({ state: 'PENDING_CHECK', checkerUserId: null });
    expect(refusalCode(toCheck, 'check-pass', GRID_WORKER, {}, '2026-11-26T09:30:00+08:00')).toBe('FORBIDDEN');
    const checked = step(toCheck, 'check-pass', GRID_WORKER_2, {}, '2026-11-26T09:30:00+08:00');
    expect(checked).toMatchObject({ state: 'PENDING_CLOSE', checkerUserId: GW2 });
    expect(step(checked, 'close', SYSTEM_ACTOR, {}, '2026-11-26T10:00:00+08:00').state).toBe('CLOSED');
  });
});

describe('callback (回访)', () => {
  const closed = (source: Source, overrides: Partial<WorkflowCase> = {}) => makeCase({ state: 'CLOSED', source, ...overrides });
  const now = '2026-11-27T10:00:00+08:00';

  it.each<Source>(['hotline_12345', 'citizen_app'])('is made for %s reports', (source) => {
    expect(step(closed(source), 'callback', OPERATOR, { satisfied: true }, now)).toMatchObject({ state: 'CLOSED', callbackSatisfied: true });
  });

  it.each<Source>(['patrol', 'iot', 'video_ai', 'police_110', 'district_assigned'])('is a RULE_VIOLATION for %s reports', (source) => {
    expect(refusalCode(closed(source), 'callback', OPERATOR, { satisfied: true }, now)).toBe('RULE_VIOLATION');
  });

  it('needs satisfied true or false', () => {
    expect(refusalCode(closed('hotline_12345'), 'callback', SHIFT_LEAD, {}, now)).toBe('INVALID_INPUT');
  });

  it('is refused after a satisfied callback, and made again after a dissatisfied one once the fix is redone', () => {
    expect(refusalCode(closed('hotline_12345', { callbackSatisfied: true }), 'callback', OPERATOR, { satisfied: true }, now)).toBe('RULE_VIOLATION');
    expect(refusalCode(closed('hotline_12345', { callbackSatisfied: false }), 'callback', OPERATOR, { satisfied: true }, now)).toBe('ok');
  });

  it('dissatisfied: back to the same assignee in REWORK, who handles it again', () => {
    const reopened = step(closed('citizen_app'), 'callback', OPERATOR, { satisfied: false }, now);
    expect(reopened).toMatchObject({ state: 'REWORK', assigneeUserId: GW1, reworkCount: 1 });
    expect(step(reopened, 'handle', GRID_WORKER, { note: '再次处理' }, '2026-11-27T11:00:00+08:00').state).toBe('HANDLED');
  });
});

describe('running clock', () => {
  it('REPORTED: 10 natural minutes, even on a Saturday night', () => {
    const c = reported('2026-11-28T23:55:00+08:00');
    expect(clockOf(c)).toEqual({
      stepDueAt: '2026-11-29T00:05:00+08:00',
      clockYellowAt: '2026-11-29T00:03:00+08:00',
      clockDueAt: '2026-11-29T00:05:00+08:00',
    });
    expect(lightOf(c, at('2026-11-28T23:55:00+08:00'))).toBe('green');
    expect(lightOf(c, at('2026-11-29T00:02:59+08:00'))).toBe('green');
    expect(lightOf(c, at('2026-11-29T00:03:00+08:00'))).toBe('yellow');
    expect(lightOf(c, at('2026-11-29T00:04:59+08:00'))).toBe('yellow');
    expect(lightOf(c, at('2026-11-29T00:05:00+08:00'))).toBe('red');
    expect(lightOf(c, at('2026-12-01T00:00:00+08:00'))).toBe('red');
  });

  it('PENDING_CHECK: 2 working hours, sent Friday 16:30 → due Monday 09:30, green over the weekend', () => {
    const c = step(makeCase({ state: 'HANDLED' }), 'send-check', OPERATOR, {}, '2026-11-27T16:30:00+08:00');
    expect(clockOf(c)).toEqual({
      stepDueAt: '2026-11-30T09:30:00+08:00',
      clockYellowAt: '2026-11-30T09:06:00+08:00', // 96 working minutes: 60 on Friday, 36 on Monday
      clockDueAt: '2026-11-30T09:30:00+08:00',
    });
    expect(lightOf(c, at('2026-11-28T12:00:00+08:00'))).toBe('green');
    expect(lightOf(c, at('2026-11-30T09:05:59+08:00'))).toBe('green');
    expect(lightOf(c, at('2026-11-30T09:06:00+08:00'))).toBe('yellow');
    expect(lightOf(c, at('2026-11-30T09:30:00+08:00'))).toBe('red');
  });

  describe('runningClock in every state (handling clock set, step started Thu 09:00)', () => {
    const handling = {
      handlingStartedAt: at('2026-11-26T09:30:00+08:00'),
      handlingDueAt: at('2026-11-26T13:30:00+08:00'),
      handlingLimitUnit: 'working_hours' as const,
      stepStartedAt: at('2026-11-26T09:00:00+08:00'),
    };
    const H = { stepDueAt: null, clockYellowAt: '2026-11-26T12:42:00+08:00', clockDueAt: '2026-11-26T13:30:00+08:00' };
    const NONE = { stepDueAt: null, clockYellowAt: null, clockDueAt: null };
    const EXPECTED_CLOCK: Record<CaseState, { stepDueAt: string | null; clockYellowAt: string | null; clockDueAt: string | null }> = {
      REPORTED: { stepDueAt: '2026-11-26T09:10:00+08:00', clockYellowAt: '2026-11-26T09:08:00+08:00', clockDueAt: '2026-11-26T09:10:00+08:00' },
      PENDING_VERIFY: { stepDueAt: '2026-11-26T10:00:00+08:00', clockYellowAt: '2026-11-26T09:48:00+08:00', clockDueAt: '2026-11-26T10:00:00+08:00' },
      PENDING_FILE: { stepDueAt: '2026-11-26T09:30:00+08:00', clockYellowAt: '2026-11-26T09:24:00+08:00', clockDueAt: '2026-11-26T09:30:00+08:00' },
      PENDING_DISPATCH: { stepDueAt: '2026-11-26T09:30:00+08:00', clockYellowAt: '2026-11-26T09:24:00+08:00', clockDueAt: '2026-11-26T09:30:00+08:00' },
      DISPATCHED: H,
      IN_PROGRESS: H,
      RETURN_REQUESTED: H,
      EXTENSION_REQUESTED: H,
      SUSPEND_REQUESTED: H,
      SUSPENDED: NONE,
      HANDLED: NONE,
      SELF_DISPOSED: NONE,
      PENDING_CHECK: { stepDueAt: '2026-11-26T11:00:00+08:00', clockYellowAt: '2026-11-26T10:36:00+08:00', clockDueAt: '2026-11-26T11:00:00+08:00' },
      REWORK: H,
      PENDING_CLOSE: { stepDueAt: '2026-11-26T10:00:00+08:00', clockYellowAt: '2026-11-26T09:48:00+08:00', clockDueAt: '2026-11-26T10:00:00+08:00' },
      CLOSED: NONE,
      VOID: NONE,
    };

    it.each(CASE_STATES.map((s) => [s]))('%s', (state) => {
      const clock = runningClock({ state, ...handling }, { calendar: CAL });
      expect({ stepDueAt: local(clock.stepDueAt), clockYellowAt: local(clock.clockYellowAt), clockDueAt: local(clock.clockDueAt) }).toEqual(
        EXPECTED_CLOCK[state],
      );
    });

    it('the default step limits are the documented ones', () => {
      expect(DEFAULT_STEP_LIMITS).toEqual({
        REPORTED: { amount: 10 / 60, unit: 'natural_hours' },
        PENDING_VERIFY: { amount: 1, unit: 'natural_hours' },
        PENDING_FILE: { amount: 0.5, unit: 'natural_hours' },
        PENDING_DISPATCH: { amount: 0.5, unit: 'natural_hours' },
        PENDING_CHECK: { amount: 2, unit: 'working_hours' },
        PENDING_CLOSE: { amount: 1, unit: 'working_hours' },
      });
    });

    it('step limits and the yellow fraction are configurable', () => {
      const clock = runningClock(
        { state: 'REPORTED', ...handling },
        { calendar: CAL, stepLimits: { REPORTED: { amount: 1, unit: 'natural_hours' } }, yellowFraction: 0.5 },
      );
      expect(local(clock.clockDueAt)).toBe('2026-11-26T10:00:00+08:00');
      expect(local(clock.clockYellowAt)).toBe('2026-11-26T09:30:00+08:00');
    });
  });

  it('handling-clock states reached through transitions show handlingDueAt as the clock', () => {
    const ip = inProgress('2026-11-26T09:30:00+08:00', '2026-11-26T10:00:00+08:00');
    const states: WorkflowCase[] = [
      dispatched('2026-11-26T09:30:00+08:00'),
      ip,
      step(ip, 'request-return', GRID_WORKER, { reasonCode: 'cannot_handle' }, '2026-11-26T10:10:00+08:00'),
      step(ip, 'request-extension', GRID_WORKER, { dueAt: at('2026-11-27T12:00:00+08:00'), note: 'x' }, '2026-11-26T10:10:00+08:00'),
      step(ip, 'request-suspend', GRID_WORKER, { note: 'x' }, '2026-11-26T10:10:00+08:00'),
    ];
    expect(states.map((c) => [c.state, local(c.clockDueAt), local(c.clockYellowAt)])).toEqual([
      ['DISPATCHED', '2026-11-26T13:30:00+08:00', '2026-11-26T12:42:00+08:00'],
      ['IN_PROGRESS', '2026-11-26T13:30:00+08:00', '2026-11-26T12:42:00+08:00'],
      ['RETURN_REQUESTED', '2026-11-26T13:30:00+08:00', '2026-11-26T12:42:00+08:00'],
      ['EXTENSION_REQUESTED', '2026-11-26T13:30:00+08:00', '2026-11-26T12:42:00+08:00'],
      ['SUSPEND_REQUESTED', '2026-11-26T13:30:00+08:00', '2026-11-26T12:42:00+08:00'],
    ]);
    expect(lightOf(ip, at('2026-11-26T12:41:00+08:00'))).toBe('green');
    expect(lightOf(ip, at('2026-11-26T12:42:00+08:00'))).toBe('yellow');
    expect(lightOf(ip, at('2026-11-26T13:30:00+08:00'))).toBe('red');
  });

  describe('lightOf', () => {
    const due = at('2026-11-26T10:00:00+08:00');
    const yellow = at('2026-11-26T09:48:00+08:00');
    it.each<[string, Date | null, Date | null, string, string | null]>([
      ['no clock', null, null, '2026-11-26T09:00:00+08:00', null],
      ['no clock even with a yellow instant', yellow, null, '2026-11-26T11:00:00+08:00', null],
      ['before yellow', yellow, due, '2026-11-26T09:47:59+08:00', 'green'],
      ['at yellow', yellow, due, '2026-11-26T09:48:00+08:00', 'yellow'],
      ['just before due', yellow, due, '2026-11-26T09:59:59+08:00', 'yellow'],
      ['at due', yellow, due, '2026-11-26T10:00:00+08:00', 'red'],
      ['long after due', yellow, due, '2026-12-26T10:00:00+08:00', 'red'],
      ['no yellow instant: green until due', null, due, '2026-11-26T09:59:00+08:00', 'green'],
      ['no yellow instant: red at due', null, due, '2026-11-26T10:00:00+08:00', 'red'],
    ])('%s', (_label, clockYellowAt, clockDueAt, now, expected) => {
      expect(lightOf({ clockYellowAt, clockDueAt }, at(now))).toBe(expected);
    });
  });
});

describe('transition is pure', () => {
  /** every action once, from a state where the actor may take it, with valid input */
  const SAMPLES: Array<[CaseAction, Partial<WorkflowCase>, Actor, ActionInput]> = [
    ['register', { state: 'REPORTED' }, OPERATOR, {}],
    ['send-verify', { state: 'REPORTED' }, OPERATOR, {}],
    ['confirm', { state: 'PENDING_VERIFY' }, GRID_WORKER, {}],
    ['file', { state: 'PENDING_FILE' }, SHIFT_LEAD, { priority: 'P1' }],
    ['refile', { state: 'PENDING_DISPATCH' }, OPERATOR, { note: 'x' }],
    ['dispatch', { state: 'PENDING_DISPATCH' }, OPERATOR, { assignee: { userId: GW1 } }],
    ['accept', { state: 'DISPATCHED' }, GRID_WORKER, {}],
    ['handle', { state: 'IN_PROGRESS' }, GRID_WORKER, { note: 'x' }],
    ['self-dispose', { state: 'REPORTED' }, GRID_WORKER, { note: 'x' }],
    ['send-check', { state: 'HANDLED' }, SYSTEM_ACTOR, { checkerUserId: GW2 }],
    ['check-pass', { state: 'PENDING_CHECK' }, GRID_WORKER_2, {}],
    ['check-fail', { state: 'PENDING_CHECK' }, GRID_WORKER_2, { note: 'x' }],
    ['close', { state: 'PENDING_CLOSE' }, SHIFT_LEAD, {}],
    ['callback', { state: 'CLOSED' }, OPERATOR, { satisfied: false }],
    ['request-return', { state: 'IN_PROGRESS' }, GRID_WORKER, { reasonCode: 'other' }],
    ['approve-return', { state: 'RETURN_REQUESTED', requestedFromState: 'IN_PROGRESS' }, SHIFT_LEAD, {}],
    ['reject-return', { state: 'RETURN_REQUESTED', requestedFromState: 'IN_PROGRESS' }, SHIFT_LEAD, { note: 'x' }],
    [
      'request-extension',
      { state: 'IN_PROGRESS', handlingDueAt: at('2026-11-26T13:30:00+08:00') },
      GRID_WORKER,
      { dueAt: at('2026-11-27T13:30:00+08:00'), note: 'x' },
    ],
    ['approve-extension', { state: 'EXTENSION_REQUESTED', requestedDueAt: at('2026-11-27T13:30:00+08:00') }, SHIFT_LEAD, {}],
    ['reject-extension', { state: 'EXTENSION_REQUESTED' }, SHIFT_LEAD, { note: 'x' }],
    ['request-suspend', { state: 'IN_PROGRESS' }, GRID_WORKER, { note: 'x' }],
    [
      'approve-suspend',
      { state: 'SUSPEND_REQUESTED', handlingDueAt: at('2026-11-26T13:30:00+08:00'), handlingLimitUnit: 'working_hours' },
      SHIFT_LEAD,
      {},
    ],
    ['reject-suspend', { state: 'SUSPEND_REQUESTED' }, SHIFT_LEAD, { note: 'x' }],
    ['resume', { state: 'SUSPENDED', handlingLimitUnit: 'working_hours', suspendedRemainingMinutes: 60 }, GRID_WORKER, {}],
    ['void', { state: 'REPORTED' }, OPERATOR, { reasonCode: 'invalid' }],
    ['urge', { state: 'IN_PROGRESS' }, SUPERVISOR, {}],
    ['escalate', { state: 'IN_PROGRESS' }, SHIFT_LEAD, { note: 'x' }],
    ['merge', { state: 'IN_PROGRESS' }, OPERATOR, { targetCaseId: 'case-0' }],
    ['comment', { state: 'VOID' }, OPERATOR, { note: 'x' }],
  ];

  it('the samples cover all 29 actions', () => {
    expect(new Set(SAMPLES.map(([a]) => a)).size).toBe(29);
  });

  it.each(SAMPLES)('%s: succeeds, returns a new object and leaves the (frozen) input case and input untouched', (action, shape, actor, input) => {
    const c = makeCase(shape);
    const before = structuredClone(c);
    const inputBefore = structuredClone(input);
    deepFreeze(c);
    deepFreeze(input);
    const env = envAt('2026-11-26T11:00:00+08:00');
    const r = transition(c, action, actor, input, env);
    if (isRefusal(r)) throw new Error(`${action} refused: ${r.code} ${r.message}`);
    expect(r.next).not.toBe(c);
    expect(c).toEqual(before);
    expect(input).toEqual(inputBefore);
    // same inputs, same result
    expect(transition(c, action, actor, input, env)).toEqual(r);
  });

  it('a refusal changes nothing either', () => {
    const c = deepFreeze(makeCase({ state: 'CLOSED' }));
    const before = structuredClone(c);
    const r = transition(c, 'dispatch', OPERATOR, { assignee: { userId: GW1 } }, envAt('2026-11-26T11:00:00+08:00'));
    expect(r).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    expect(c).toEqual(before);
  });
});
