import {
  ACTION_RULES, DEFAULT_CALENDAR_CONFIG, WorkingCalendar, transition,
  type ActionInput, type Actor, type WorkflowCase, type WorkflowCategory,
} from '@gridops/domain';
import { actionBody, FIELD_ACTION_FORMS, formOf, validateAction, type ActionValues, type FieldAction } from './field-actions';

/**
 * The phone forms check the workflow's input rules (libs/domain ACTION_INPUTS) so a worker learns what is missing
 * before sending. This runs the domain's transition on what the forms would send, to prove the two agree.
 */
const NOW = new Date('2026-11-26T10:00:00+08:00');
const DUE = new Date('2026-11-27T10:00:00+08:00');
const category = (afterPhotoRequired: boolean): WorkflowCategory => ({ code: 'E0102', selfDisposable: true, handlingLimit: { amount: 4, unit: 'working_hours' }, afterPhotoRequired });

function setting(action: FieldAction): { c: WorkflowCase; actor: Actor } {
  const rule = ACTION_RULES.find((r) => r.action === action && r.roles.some((role) => role === 'grid_worker' || role === 'unit_staff'));
  if (!rule) throw new Error(`no field rule for ${action}`);
  const actor: Actor = { role: 'grid_worker', userId: 'u-1', districtCode: 'xincheng', unitCode: null };
  const t = new Date('2026-11-26T09:00:00+08:00');
  const c: WorkflowCase = {
    id: 'case-1', state: rule.from[0], source: 'patrol', districtCode: 'xincheng', categoryCode: 'E0102', priority: 'P2',
    urgent: false, supervised: false, escalatedToDistrict: false, assigneeUserId: 'u-1', assigneeUnitCode: null, fixerUserId: 'someone-else',
    checkerUserId: 'u-1', requestedFromState: null, requestedDueAt: null, reworkCount: 0, extensionCount: 0, returnCount: 0, deadlineVersion: 0,
    handlingStartedAt: t, handlingDueAt: DUE, handlingLimitUnit: 'working_hours', suspendedRemainingMinutes: 60, stepStartedAt: t, stepDueAt: null,
    clockYellowAt: null, clockDueAt: null, voidReason: null, returnReason: null, duplicateOf: null, suggestedDuplicateOf: null, dispatchHold: null,
    callbackSatisfied: null, reportedAt: t, filedAt: null, dispatchedAt: t, acceptedAt: null, handledAt: null, checkedAt: null, closedAt: null,
  };
  return { c, actor };
}

/** The domain's verdict on what the form sends (photos as the server resolves them: id + kind). */
function domain(action: FieldAction, v: ActionValues, afterPhotoRequired: boolean): string {
  const { c, actor } = setting(action);
  const body = actionBody(action, v, 0);
  const kinds = Object.entries(v.photoCount).flatMap(([kind, n]) => Array.from({ length: n ?? 0 }, (_, i) => ({ id: `${kind}-${i}`, kind: kind as 'after' })));
  const input: ActionInput = { note: body.note, reasonCode: body.reasonCode as ActionInput['reasonCode'], dueAt: body.dueAt ? new Date(body.dueAt) : undefined, attachments: kinds };
  const r = transition(c, action, actor, input, { now: NOW, calendar: new WorkingCalendar(DEFAULT_CALENDAR_CONFIG), category: category(afterPhotoRequired) });
  return r.ok ? 'ok' : r.code;
}
const form = (action: FieldAction, v: ActionValues, afterPhotoRequired: boolean) =>
  Object.keys(validateAction(action, v, { now: NOW.getTime(), handlingDueAt: DUE.toISOString(), afterPhotoRequired })).length ? 'INVALID_INPUT' : 'ok';

const ACTIONS = Object.keys(FIELD_ACTION_FORMS) as FieldAction[];
const EMPTY: ActionValues = { note: '', photoCount: {} };
const full = (action: FieldAction): ActionValues => ({
  note: '现场已处理',
  photoCount: { before: 1, after: 1, other: 1 },
  reasonCode: formOf(action).reason === 'void' ? 'not_found' : 'wrong_location',
  dueAt: '2026-11-28T10:00:00+08:00',
});

describe('field action forms agree with the workflow rules', () => {
  it.each(ACTIONS.flatMap((a) => [[a, false], [a, true]] as const))('%s (after-photo required: %s): the form refuses exactly what the domain refuses', (action, strict) => {
    expect(form(action, EMPTY, strict)).toBe(domain(action, EMPTY, strict));
    expect(form(action, full(action), strict)).toBe('ok');
    expect(domain(action, full(action), strict)).toBe('ok');
    const notePhotoOnly: ActionValues = { ...full(action), photoCount: { before: 1 } };
    expect(form(action, notePhotoOnly, strict)).toBe(domain(action, notePhotoOnly, strict));
    const noNote: ActionValues = { ...full(action), note: '' };
    expect(form(action, noNote, strict)).toBe(domain(action, noNote, strict));
  });
});
