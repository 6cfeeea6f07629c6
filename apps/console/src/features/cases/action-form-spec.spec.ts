import { ACTION_FIELD, actionFields, type ActionRequest } from '@gridops/contracts';
import {
  ACTION_INPUTS, ACTION_RULES, CASE_ACTIONS, inputsOf, DEFAULT_CALENDAR_CONFIG, WorkingCalendar, transition,
  type ActionInput, type Actor, type CaseAction, type WorkflowCase, type WorkflowCategory,
} from '@gridops/domain';
import { actionFormSpec, buildActionRequest, decodeAssignee, isQuickAction, validateActionRequest, type ActionFormValues } from './action-form-spec';

const NOW = new Date('2026-11-26T10:00:00+08:00');
const PHOTO = '5f0d8c1e-2b7a-4c1e-9a51-3d7e4b2c1a90';
const CATEGORY: WorkflowCategory = { code: 'E0102', selfDisposable: true, handlingLimit: { amount: 4, unit: 'working_hours' }, afterPhotoRequired: false };

/** A case and an actor for which `action` is permitted, so only the input can make the domain refuse it. */
function permittedSetting(action: CaseAction): { c: WorkflowCase; actor: Actor } {
  const rule = ACTION_RULES.find((r) => r.action === action && r.roles.some((role) => role !== 'system'));
  if (!rule) throw new Error(`no human rule for ${action}`);
  const role = rule.roles.find((r) => r !== 'system') ?? 'operator';
  const actor: Actor = { role, userId: 'u-1', districtCode: role === 'grid_worker' ? 'xincheng' : null, unitCode: role === 'unit_staff' ? 'unit-a' : null };
  const t = new Date('2026-11-26T09:00:00+08:00');
  const c: WorkflowCase = {
    id: 'case-1', state: rule.from[0], source: 'hotline_12345', districtCode: 'xincheng', categoryCode: CATEGORY.code, priority: 'P2',
    urgent: false, supervised: false, escalatedToDistrict: false, assigneeUserId: 'u-1', assigneeUnitCode: null, fixerUserId: 'someone-else',
    checkerUserId: null, requestedFromState: null, requestedDueAt: null, reworkCount: 0, extensionCount: 0, returnCount: 0, deadlineVersion: 0,
    handlingStartedAt: null, handlingDueAt: null, handlingLimitUnit: null, suspendedRemainingMinutes: null, stepStartedAt: t, stepDueAt: null,
    clockYellowAt: null, clockDueAt: null, voidReason: null, returnReason: null, duplicateOf: null, suggestedDuplicateOf: null, dispatchHold: null,
    callbackSatisfied: null, reportedAt: t, filedAt: null, dispatchedAt: null, acceptedAt: null, handledAt: null, checkedAt: null, closedAt: null,
  };
  return { c, actor };
}

/** The request as the server turns it into the domain's input (case-transition.service.ts). */
const toInput = (b: ActionRequest): ActionInput => ({
  note: b.note,
  attachments: b.attachmentIds?.map((id) => ({ id, kind: 'after' as const })),
  reasonCode: b.reasonCode as ActionInput['reasonCode'],
  assignee: b.assignee,
  checkerUserId: b.checkerUserId,
  categoryCode: b.categoryCode,
  priority: b.priority,
  urgent: b.urgent,
  dueAt: b.dueAt ? new Date(b.dueAt) : undefined,
  satisfied: b.satisfied,
  targetCaseId: b.targetCaseId,
});

function refusal(action: CaseAction, values: ActionFormValues): string {
  const { c, actor } = permittedSetting(action);
  const r = transition(c, action, actor, toInput(buildActionRequest(action, values, 0)), { now: NOW, calendar: new WorkingCalendar(DEFAULT_CALENDAR_CONFIG), category: CATEGORY });
  return r.ok ? 'ok' : r.code;
}

/** Every field the form can fill, filled with something the domain accepts. */
function completeValues(action: CaseAction): ActionFormValues {
  const spec = actionFormSpec(action);
  return {
    note: '现场已核实',
    attachmentIds: [PHOTO],
    reasonCode: spec.reasons?.[0],
    assignee: 'user:u-9',
    dueAt: '2026-11-29T10:00:00+08:00',
    satisfied: true,
    targetCaseId: 'case-2',
  };
}

describe('action forms agree with the workflow rules of libs/domain', () => {
  it.each(CASE_ACTIONS.map((a) => [a]))('%s: an empty form is refused exactly when the form requires something', (action) => {
    const spec = actionFormSpec(action);
    const needsSomething = spec.required.length > 0 || spec.oneOf !== null;
    expect(refusal(action, {})).toBe(needsSomething ? 'INVALID_INPUT' : 'ok');
  });

  it.each(CASE_ACTIONS.map((a) => [a]))('%s: a complete form is accepted, and leaving out any one required field is refused', (action) => {
    expect(refusal(action, completeValues(action))).toBe('ok');
    for (const field of actionFormSpec(action).required) {
      expect([field, refusal(action, { ...completeValues(action), [field]: undefined })]).toEqual([field, 'INVALID_INPUT']);
    }
  });

  it('offers exactly the fields the contract accepts for each action', () => {
    for (const action of CASE_ACTIONS) expect([...actionFormSpec(action).fields].sort()).toEqual([...actionFields[action]].sort());
  });
});

describe('the forms read the table of action inputs (ACTION_INPUTS)', () => {
  it('offer exactly the table’s inputs, mark its required ones and list its reasons', () => {
    for (const action of CASE_ACTIONS) {
      const spec = actionFormSpec(action);
      const inputs = inputsOf(action);
      expect([action, [...spec.fields].sort()]).toEqual([action, inputs.map(([name]) => ACTION_FIELD[name]).sort()]);
      expect([action, spec.required]).toEqual([action, inputs.filter(([, rule]) => rule.required === true).map(([name]) => ACTION_FIELD[name])]);
      expect([action, spec.reasons]).toEqual([action, ACTION_INPUTS[action].inputs.reasonCode?.values ?? null]);
    }
  });

  it('mark the photo of a fix required where the category wants one, and upload it as an after-photo', () => {
    for (const action of ['handle', 'self-dispose'] as const) {
      expect(actionFormSpec(action).required).toEqual([]);
      expect(actionFormSpec(action, { afterPhotoRequired: true }).required).toEqual(['attachmentIds']);
      expect(actionFormSpec(action).photoKind).toBe('after');
    }
    expect(actionFormSpec('comment', { afterPhotoRequired: true }).required).toEqual(['note']);
    expect(actionFormSpec('confirm').photoKind).toBe('before');
  });

  it('pre-fill what the case’s own value stands for', () => {
    expect(actionFormSpec('file').defaults).toEqual({ categoryCode: 'categoryCode', priority: 'priority', urgent: 'urgent' });
    expect(actionFormSpec('approve-extension').defaults).toEqual({ dueAt: 'requestedDueAt' });
    expect(actionFormSpec('request-extension').defaults).toEqual({});
  });
});

describe('building the request', () => {
  it('sends only the fields the action accepts, trimmed, with the version', () => {
    const body = buildActionRequest('void', { note: '  重复  ', reasonCode: 'duplicate', assignee: 'user:x', dueAt: '2026-11-29T10:00:00+08:00' }, 7);
    expect(body).toEqual({ version: 7, note: '重复', reasonCode: 'duplicate' });
  });

  it('drops an empty note and turns the assignee choice into userId or unitCode', () => {
    expect(buildActionRequest('dispatch', { note: '   ', assignee: 'unit:chengguan' }, 3)).toEqual({ version: 3, assignee: { unitCode: 'chengguan' } });
    expect(decodeAssignee('user:5f0d8c1e-2b7a-4c1e-9a51-3d7e4b2c1a90')).toEqual({ userId: PHOTO });
    expect(decodeAssignee('nonsense')).toBeUndefined();
  });

  it('formats a picked deadline as an ISO instant with its offset', () => {
    const picked = { format: () => '2026-11-29T10:00:00+08:00' };
    expect(buildActionRequest('request-extension', { dueAt: picked, note: '材料未到' }, 1).dueAt).toBe('2026-11-29T10:00:00+08:00');
  });

  it('knows which actions are a single confirmation', () => {
    expect(isQuickAction('register')).toBe(true);
    expect(isQuickAction('close')).toBe(true);
    expect(isQuickAction('dispatch')).toBe(false);
    expect(isQuickAction('comment')).toBe(false);
  });
});

describe('client-side validation', () => {
  const ctx = { caseId: 'case-1', now: NOW.getTime(), handlingDueAt: '2026-11-27T17:30:00+08:00', afterPhotoRequired: false };

  it('names each missing required field', () => {
    expect(validateActionRequest('void', { version: 1 }, ctx)).toEqual({ reasonCode: { key: 'required' } });
    expect(validateActionRequest('request-extension', { version: 1 }, ctx)).toEqual({ dueAt: { key: 'required' }, note: { key: 'required' } });
    expect(validateActionRequest('dispatch', { version: 1 }, ctx)).toEqual({ assignee: { key: 'required' } });
  });

  it('runs the contract schema: sizes and formats', () => {
    expect(validateActionRequest('comment', { version: 1, note: 'x'.repeat(2001) }, ctx)).toEqual({ note: { key: 'tooLong', values: { max: 2000 } } });
    expect(validateActionRequest('merge', { version: 1, targetCaseId: 'CZ-1' }, ctx)).toEqual({ targetCaseId: { key: 'invalid' } });
  });

  it('asks a fix for a note or a photo, and for an after-photo where the category wants one', () => {
    expect(validateActionRequest('handle', { version: 1 }, ctx)).toEqual({ note: { key: 'noteOrPhoto' } });
    expect(validateActionRequest('handle', { version: 1, note: '已清理' }, ctx)).toEqual({});
    expect(validateActionRequest('handle', { version: 1, note: '已清理' }, { ...ctx, afterPhotoRequired: true })).toEqual({ attachmentIds: { key: 'afterPhoto' } });
  });

  it('wants an extension beyond now and beyond the current deadline', () => {
    const early = { version: 1, note: '等待材料', dueAt: '2026-11-27T12:00:00+08:00' };
    expect(validateActionRequest('request-extension', early, ctx)).toEqual({ dueAt: { key: 'dueAfterCurrent' } });
    expect(validateActionRequest('request-extension', { ...early, dueAt: '2026-11-26T09:00:00+08:00' }, ctx)).toEqual({ dueAt: { key: 'dueAfterNow' } });
    expect(validateActionRequest('request-extension', { ...early, dueAt: '2026-11-30T12:00:00+08:00' }, ctx)).toEqual({});
  });

  it('refuses merging a case into itself', () => {
    expect(validateActionRequest('merge', { version: 1, targetCaseId: PHOTO }, { ...ctx, caseId: PHOTO })).toEqual({ targetCaseId: { key: 'sameCase' } });
  });
});
