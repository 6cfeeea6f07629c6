import type { CaseDetail, CaseView, CategoryView, Me } from '@gridops/contracts';
import type { CaseAction, DistrictCode } from '@gridops/domain';
import { BEHAVIOUR, decide, type DecisionContext } from './decide';
import { seededRng, type Rng } from './random';

const NOW = new Date('2026-11-26T02:00:00Z');
const W1 = '00000000-0000-4000-8000-000000000001';
const W2 = '00000000-0000-4000-8000-000000000002';

function caseView(c: Partial<CaseDetail>, allowedActions: CaseAction[]): CaseView {
  const detail = {
    id: 'c0000000-0000-4000-8000-000000000001',
    number: 'CZ-20261126-0001',
    state: 'REPORTED',
    light: 'green',
    source: 'hotline_12345',
    districtCode: 'xincheng',
    gridCellCode: 'xincheng-01',
    categoryCode: 'E0102',
    supervised: false,
    assigneeUserId: null,
    assigneeUnitCode: null,
    fixerUserId: null,
    checkerUserId: null,
    handlingDueAt: null,
    requestedDueAt: null,
    suggestedDuplicateOf: null,
    reworkCount: 0,
    extensionCount: 0,
    version: 3,
    ...c,
  } as CaseDetail;
  return { case: detail, timeline: [], allowedActions, attachments: [] } as CaseView;
}

const category = (code: string, over: Partial<CategoryView> = {}) =>
  ({ code, needsUnit: false, defaultUnitCode: null, selfDisposable: true, afterPhotoRequired: true, active: true, ...over }) as CategoryView;

function ctx(role: Me['role'], over: Partial<DecisionContext> = {}, rng: Rng = seededRng(1)): DecisionContext {
  const me: Me = {
    id: role === 'grid_worker' ? W1 : '00000000-0000-4000-8000-0000000000aa',
    username: role,
    displayName: role,
    role,
    districtCode: role === 'grid_worker' ? 'xincheng' : null,
    unitCode: role === 'unit_staff' ? 'chengguan' : null,
  };
  return {
    me,
    now: NOW,
    rng,
    categories: new Map([
      ['E0102', category('E0102')],
      ['E0101', category('E0101', { needsUnit: true, defaultUnitCode: 'chengguan', selfDisposable: false })],
      ['E0505', category('E0505', { needsUnit: true, defaultUnitCode: 'paichusuo', selfDisposable: false })],
    ]),
    workers: new Map<DistrictCode, string[]>([['xincheng', [W1, W2]]]),
    staffedUnits: new Set(['chengguan']),
    ...over,
  };
}

/** An rng that always says "no" to a chance (1 is never below a probability). */
const never: Rng = () => 0.999999;
/** An rng that always says "yes". */
const always: Rng = () => 0;

describe('what each person does next, from allowedActions', () => {
  it('does nothing when the API offers the caller nothing', () => {
    expect(decide(caseView({ state: 'IN_PROGRESS', assigneeUserId: W1 }, []), ctx('grid_worker'))).toBeNull();
  });

  it('desk: registers a patrol report, sends a citizen report to verify, and merges a repeat into the open case', () => {
    const desk = ctx('operator', {}, never);
    expect(decide(caseView({ source: 'patrol' }, ['register', 'send-verify', 'void', 'merge']), desk)?.action).toBe('register');
    expect(decide(caseView({ source: 'citizen_app' }, ['register', 'send-verify', 'void', 'merge']), desk)?.action).toBe('send-verify');
    const merge = decide(caseView({}, ['register', 'send-verify', 'merge']), ctx('operator', { duplicateOf: { id: 'target-id', number: 'CZ-20261126-0007' } }, never));
    expect(merge).toMatchObject({ action: 'merge', input: { targetCaseId: 'target-id' } });
    expect(merge?.input.note).toContain('CZ-20261126-0007');
  });

  it('desk: voids a report as invalid with a reason code when it judges so', () => {
    expect(decide(caseView({}, ['register', 'send-verify', 'void']), ctx('operator', {}, always))).toMatchObject({ action: 'void', input: { reasonCode: 'invalid' } });
  });

  it('desk: dispatches by hand to the category unit when it has staff, else to a grid worker of the 片区', () => {
    const toUnit = decide(caseView({ state: 'PENDING_DISPATCH', categoryCode: 'E0101' }, ['dispatch', 'refile']), ctx('operator'));
    expect(toUnit).toMatchObject({ action: 'dispatch', input: { assignee: { unitCode: 'chengguan' } } });
    const toWorker = decide(caseView({ state: 'PENDING_DISPATCH', categoryCode: 'E0505' }, ['dispatch']), ctx('operator'));
    expect([W1, W2]).toContain(toWorker?.input.assignee?.userId);
  });

  it('desk: sends a fix for check to a grid worker who did not make it', () => {
    for (let seed = 0; seed < 20; seed++) {
      const d = decide(caseView({ state: 'HANDLED', fixerUserId: W1 }, ['send-check']), ctx('operator', {}, seededRng(seed)));
      expect(d).toMatchObject({ action: 'send-check', input: { checkerUserId: W2 } });
    }
  });

  it('desk: calls back a closed 12345 case, satisfied unless the dice say otherwise', () => {
    expect(decide(caseView({ state: 'CLOSED' }, ['callback', 'comment']), ctx('operator', {}, never))).toMatchObject({ action: 'callback', input: { satisfied: true } });
    expect(decide(caseView({ state: 'CLOSED' }, ['callback']), ctx('operator', {}, always))).toMatchObject({ action: 'callback', input: { satisfied: false } });
    // an unhappy caller once is enough: after a rework the callback is satisfied
    expect(decide(caseView({ state: 'CLOSED', reworkCount: 1 }, ['callback']), ctx('operator', {}, always))).toMatchObject({ input: { satisfied: true } });
  });

  it('shift lead: files, closes, and grants an extension to a deadline later than now and the current one', () => {
    const lead = ctx('shift_lead', {}, always);
    expect(decide(caseView({ state: 'PENDING_FILE' }, ['file', 'void']), lead)?.action).toBe('file');
    expect(decide(caseView({ state: 'PENDING_CLOSE' }, ['close', 'check-fail']), lead)?.action).toBe('close');
    const stale = decide(
      caseView({ state: 'EXTENSION_REQUESTED', handlingDueAt: '2026-11-26T01:00:00Z', requestedDueAt: '2026-11-26T01:30:00Z' }, ['approve-extension', 'reject-extension']),
      lead,
    );
    expect(stale?.action).toBe('approve-extension');
    expect(Date.parse(stale?.input.dueAt ?? '')).toBeGreaterThan(NOW.getTime());
    const rejected = decide(caseView({ state: 'EXTENSION_REQUESTED' }, ['approve-extension', 'reject-extension']), ctx('shift_lead', {}, never));
    expect(rejected?.action).toBe('reject-extension');
    expect(rejected?.input.note).toBeTruthy();
  });

  it('supervisor: urges a red case once, never one already supervised', () => {
    expect(decide(caseView({ state: 'IN_PROGRESS', light: 'red' }, ['urge', 'escalate']), ctx('supervisor'))?.action).toBe('urge');
    expect(decide(caseView({ state: 'IN_PROGRESS', light: 'red', supervised: true }, ['urge', 'escalate']), ctx('supervisor'))).toBeNull();
    expect(decide(caseView({ state: 'IN_PROGRESS', light: 'green' }, ['urge']), ctx('supervisor'))).toBeNull();
  });

  it('grid worker: confirms on a verification visit, or fixes it on the spot with an after-photo', () => {
    expect(decide(caseView({ state: 'PENDING_VERIFY' }, ['confirm', 'self-dispose', 'void']), ctx('grid_worker', {}, never))).toMatchObject({ action: 'confirm', photo: 'before' });
    const rng = seededRng(21);
    const seen = new Set<string>();
    for (let i = 0; i < 400; i++) seen.add(decide(caseView({ state: 'PENDING_VERIFY' }, ['confirm', 'self-dispose', 'void']), ctx('grid_worker', {}, rng))?.action ?? '');
    expect(seen).toEqual(new Set(['confirm', 'self-dispose', 'void']));
    expect(decide(caseView({ state: 'PENDING_VERIFY' }, ['confirm', 'self-dispose']), ctx('grid_worker', {}, () => BEHAVIOUR.verifyNotFound))).toMatchObject({
      action: 'self-dispose',
      photo: 'after',
    });
  });

  it('assignee: accepts, then reports the fix with an after-photo, or asks for one extension', () => {
    const mine = { assigneeUserId: W1 };
    expect(decide(caseView({ ...mine, state: 'DISPATCHED' }, ['accept', 'request-return']), ctx('grid_worker'))?.action).toBe('accept');
    expect(decide(caseView({ ...mine, state: 'IN_PROGRESS' }, ['handle', 'request-extension']), ctx('grid_worker', {}, never))).toMatchObject({ action: 'handle', photo: 'after' });
    const ext = decide(caseView({ ...mine, state: 'IN_PROGRESS', handlingDueAt: '2026-11-26T06:00:00Z' }, ['handle', 'request-extension']), ctx('grid_worker', {}, always));
    expect(ext?.action).toBe('request-extension');
    expect(Date.parse(ext?.input.dueAt ?? '')).toBeGreaterThan(Date.parse('2026-11-26T06:00:00Z'));
    expect(decide(caseView({ ...mine, state: 'IN_PROGRESS', extensionCount: 1 }, ['handle', 'request-extension']), ctx('grid_worker', {}, always))?.action).toBe('handle');
    expect(decide(caseView({ ...mine, state: 'REWORK', reworkCount: 1 }, ['handle']), ctx('grid_worker'))).toMatchObject({ action: 'handle', photo: 'after' });
  });

  it('unit staff: works the cases of their unit', () => {
    expect(decide(caseView({ state: 'DISPATCHED', assigneeUnitCode: 'chengguan' }, ['accept']), ctx('unit_staff'))?.action).toBe('accept');
    expect(decide(caseView({ state: 'DISPATCHED', assigneeUnitCode: 'shirong' }, ['accept']), ctx('unit_staff'))).toBeNull();
  });

  it('checker: checks only what was given to them (or to nobody); a first check may fail, a re-check passes', () => {
    const check = (c: Partial<CaseDetail>, rng: Rng) => decide(caseView({ state: 'PENDING_CHECK', ...c }, ['check-pass', 'check-fail']), ctx('grid_worker', {}, rng));
    expect(check({ checkerUserId: W1 }, never)?.action).toBe('check-pass');
    expect(check({ checkerUserId: null }, never)?.action).toBe('check-pass');
    expect(check({ checkerUserId: W2 }, never)).toBeNull();
    expect(check({ checkerUserId: W1 }, always)).toMatchObject({ action: 'check-fail' });
    expect(check({ checkerUserId: W1 }, always)?.input.note).toBeTruthy();
    expect(check({ checkerUserId: W1, reworkCount: 1 }, always)?.action).toBe('check-pass');
  });
});
