import { ACTION_INPUTS, INPUT_NAMES, inputsOf, isRequired, type ActionInput, type InputName } from './action-input';
import { ACTION_RULES } from './action-rules';
import { CASE_ACTIONS, type CaseAction } from './case-actions';
import { inputProblems, type InputContext } from './input-check';

const NOW = new Date('2026-11-26T10:00:00+08:00');
const DEADLINE = new Date('2026-11-27T10:00:00+08:00');
const ctx = (over: Partial<InputContext['case']> = {}, afterPhotoRequired = false): InputContext => ({
  now: NOW,
  case: { id: 'case-1', handlingDueAt: DEADLINE, ...over },
  category: { afterPhotoRequired },
});
const problems = (action: CaseAction, input: ActionInput, c = ctx()) => inputProblems(action, input, c).map((p) => `${p.input}:${p.problem}`);

/** A value of each input that every action taking it accepts (in `ctx()`). */
const GOOD: Required<Omit<ActionInput, 'systemFlags' | 'systemNote' | 'reasonCode'>> = {
  note: '现场已核实',
  attachments: [{ id: 'a-1', kind: 'after' }],
  assignee: { userId: 'u-9' },
  checkerUserId: 'u-8',
  categoryCode: 'E0102',
  priority: 'P1',
  urgent: true,
  dueAt: new Date('2026-11-28T10:00:00+08:00'),
  satisfied: false,
  targetCaseId: 'case-2',
};
function complete(action: CaseAction): ActionInput {
  const input: Record<string, unknown> = {};
  for (const [name, rule] of inputsOf(action)) input[name] = name === 'reasonCode' ? rule.values?.[0] : GOOD[name as keyof typeof GOOD];
  return input as ActionInput;
}

describe('the table of action inputs (ACTION_INPUTS)', () => {
  it('has an entry for every action, and every action of ACTION_RULES is one', () => {
    expect(Object.keys(ACTION_INPUTS).sort()).toEqual([...CASE_ACTIONS].sort());
    for (const rule of ACTION_RULES) expect(ACTION_INPUTS[rule.action]).toBeDefined();
  });

  it('states each kind of rule only where it means something', () => {
    for (const action of CASE_ACTIONS) {
      const { inputs, atLeastOneOf } = ACTION_INPUTS[action];
      for (const [name, rule] of inputsOf(action)) {
        expect(INPUT_NAMES).toContain(name);
        // choices list their values; nothing else does
        expect([action, name, rule.values !== undefined]).toEqual([action, name, name === 'reasonCode' || name === 'priority']);
        if (rule.values) expect(rule.values.length).toBeGreaterThan(0);
        if (rule.photoKinds || (rule.required !== undefined && rule.required !== true)) expect([action, name]).toEqual([action, 'attachments']);
        if (rule.required !== undefined && rule.required !== true && rule.required.ofKind) expect(rule.photoKinds).toContain(rule.required.ofKind);
        if (rule.laterThanDeadline) expect([action, name]).toEqual([action, 'dueAt']);
        if (rule.notThisCase) expect([action, name]).toEqual([action, 'targetCaseId']);
      }
      for (const name of atLeastOneOf ?? []) expect(inputs[name]).toBeDefined();
      // every step can be explained on the timeline
      expect(inputs.note).toBeDefined();
    }
  });

  it('requires an after-photo of a fix only where the category says so', () => {
    const rule = ACTION_INPUTS.handle.inputs.attachments!;
    expect(isRequired(rule, { afterPhotoRequired: false })).toBe(false);
    expect(isRequired(rule, { afterPhotoRequired: true })).toBe(true);
  });
});

describe('checking an input against the table', () => {
  it.each(CASE_ACTIONS.map((a) => [a]))('%s: a complete input passes, and leaving out any required input is refused', (action) => {
    expect(problems(action, complete(action))).toEqual([]);
    for (const [name, rule] of inputsOf(action)) {
      if (rule.required !== true) continue;
      const input = { ...complete(action), [name]: undefined };
      expect(problems(action, input)).toEqual([`${name}:missing`]);
    }
  });

  it.each(CASE_ACTIONS.map((a) => [a]))('%s: leaves the inputs it does not take to the HTTP edge', (action) => {
    for (const name of INPUT_NAMES.filter((n) => !(n in ACTION_INPUTS[action].inputs))) {
      expect(problems(action, { ...complete(action), [name]: 'anything' })).toEqual([]);
    }
  });

  it('counts blank text and an empty list as left out', () => {
    expect(problems('comment', { note: ' \n ' })).toEqual(['note:missing']);
    expect(problems('merge', { targetCaseId: '' })).toEqual(['targetCaseId:missing']);
    expect(problems('register', { attachments: [] })).toEqual([]);
  });

  it('holds notes, photos and unit codes to their bounds', () => {
    expect(problems('comment', { note: '说'.repeat(2000) })).toEqual([]);
    expect(inputProblems('comment', { note: '说'.repeat(2001) }, ctx())).toEqual([{ input: 'note', problem: 'too-long', max: 2000 }]);
    const photos = Array.from({ length: 10 }, (_, i) => ({ id: `a-${i}`, kind: 'other' as const }));
    expect(problems('comment', { note: 'x', attachments: photos })).toEqual(['attachments:too-many']);
    expect(problems('comment', { note: 'x', attachments: [photos[0], photos[0]] })).toEqual(['attachments:repeated']);
    expect(problems('dispatch', { assignee: { unitCode: 'u'.repeat(41) } })).toEqual(['assignee:too-long']);
  });

  it('takes a choice only among its values', () => {
    expect(problems('void', { reasonCode: 'wrong_category' })).toEqual(['reasonCode:not-a-choice']);
    expect(problems('request-return', { reasonCode: 'duplicate' })).toEqual(['reasonCode:not-a-choice']);
    expect(problems('file', { priority: 'P9' as never })).toEqual(['priority:not-a-choice']);
  });

  it('sends a case to one person or one unit', () => {
    expect(problems('dispatch', { assignee: {} })).toEqual(['assignee:malformed']);
    expect(problems('dispatch', { assignee: { userId: 'u-1', unitCode: 'chengguan' } })).toEqual(['assignee:malformed']);
    expect(problems('dispatch', { assignee: { unitCode: 'chengguan' } })).toEqual([]);
  });

  it('lets the case’s own value stand in where the table says so', () => {
    const requested = new Date('2026-11-29T10:00:00+08:00');
    expect(problems('approve-extension', {})).toEqual(['dueAt:missing']);
    expect(problems('approve-extension', {}, ctx({ requestedDueAt: requested }))).toEqual([]);
    // the asked deadline is checked like a given one
    expect(problems('approve-extension', {}, ctx({ requestedDueAt: new Date('2026-11-27T09:00:00+08:00') }))).toEqual(['dueAt:not-after-deadline']);
  });

  it('wants an extension later than now and than the current deadline', () => {
    const ask = (at: string) => problems('request-extension', { note: '等物业', dueAt: new Date(at) });
    expect(ask('2026-11-26T09:00:00+08:00')).toEqual(['dueAt:not-after-now']);
    expect(ask('2026-11-27T10:00:00+08:00')).toEqual(['dueAt:not-after-deadline']);
    expect(ask('2026-11-27T10:01:00+08:00')).toEqual([]);
    expect(problems('request-extension', { note: 'x', dueAt: new Date('soon') })).toEqual(['dueAt:malformed']);
  });

  it('asks a fix for a note or a photo, and for an after-photo where the category wants one', () => {
    expect(inputProblems('handle', {}, ctx())).toEqual([{ input: 'note', problem: 'none-of', of: ['note', 'attachments'] }]);
    expect(problems('handle', {}, ctx({}, true))).toEqual(['attachments:missing-kind', 'note:none-of']);
    expect(problems('handle', { note: '已清理', attachments: [{ id: 'a-1', kind: 'before' }] }, ctx({}, true))).toEqual(['attachments:missing-kind']);
    expect(problems('self-dispose', { attachments: [{ id: 'a-1', kind: 'after' }] }, ctx({}, true))).toEqual([]);
  });

  it('refuses merging a case into itself', () => {
    expect(problems('merge', { targetCaseId: 'case-1' })).toEqual(['targetCaseId:this-case']);
  });

  it('names each input once, in the table’s order', () => {
    const names: InputName[] = inputProblems('request-extension', {}, ctx()).map((p) => p.input);
    expect(names).toEqual(['note', 'dueAt']);
  });
});

describe("a note the software writes stands for its step's note", () => {
  const ctx = { now: new Date('2026-12-07T02:00:00Z'), case: { id: 'c1', handlingDueAt: null }, category: { afterPhotoRequired: false } };
  it('lets a system comment carry a coded note instead of prose, and still asks a person for a note', () => {
    expect(inputProblems('comment', { systemNote: { code: 'alarm.cleared', params: { at: '12月7日 08:22', message: '' } } }, ctx)).toEqual([]);
    expect(inputProblems('comment', {}, ctx)).toEqual([{ input: 'note', problem: 'missing' }]);
  });
});
