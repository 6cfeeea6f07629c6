import {
  ACTION_INPUTS, CASE_ACTIONS, INPUT_NAMES, inputProblems, inputsOf,
  type ActionInput, type CaseAction, type InputContext, type InputName, type InputProblem,
} from '@gridops/domain';
import { ACTION_FIELD, actionFields, actionRequestSchemas, type ActionRequest } from './actions';

/**
 * The request schemas are derived from libs/domain's ACTION_INPUTS; these tests hold the two edges to one verdict.
 * The HTTP edge checks types, formats and sizes; the domain checks presence and what needs the case — after who
 * may act is known — so those are set aside when comparing; fields an action does not take only the edge refuses.
 */
const CASE_ID = '0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6';
const ctx: InputContext = {
  now: new Date('2026-11-26T10:00:00+08:00'),
  case: { id: CASE_ID, handlingDueAt: new Date('2026-11-27T10:00:00+08:00') },
  category: { afterPhotoRequired: false },
};
const U1 = '5f0d8c1e-2b7a-4c1e-9a51-3d7e4b2c1a90';
const U2 = '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d';

/** The request as the server turns it into the domain's input (case-transition.service.ts): photos as resolved refs. */
const toInput = ({ attachmentIds: _ids, version: _version, ...b }: ActionRequest): ActionInput => ({
  ...b,
  attachments: _ids?.map((id) => ({ id, kind: 'after' as const })),
  dueAt: b.dueAt === undefined ? undefined : new Date(b.dueAt),
  reasonCode: b.reasonCode as ActionInput['reasonCode'],
} as ActionInput);

/** Values of each input: the first is good wherever the input is taken, the rest good or bad for both edges alike. */
const VALUES: Record<InputName, unknown[]> = {
  note: ['现场已核实', 'n'.repeat(2000), '说'.repeat(2001), 42],
  attachments: [[U1], [U1, U2], Array.from({ length: 9 }, (_, i) => U1.slice(0, -1) + i), Array.from({ length: 10 }, (_, i) => U1.slice(0, -1) + i), [U1, U1]],
  reasonCode: ['other', 'duplicate', 'wrong_category', 'because'],
  assignee: [{ userId: U1 }, { unitCode: 'chengguan' }, { unitCode: 'u'.repeat(40) }, { unitCode: 'u'.repeat(41) }, {}, { userId: U1, unitCode: 'chengguan' }],
  checkerUserId: [U2, 7],
  categoryCode: ['C0101', true],
  priority: ['P1', 'P0', 'P9'],
  urgent: [true, false, 'yes'],
  dueAt: ['2026-11-29T10:00:00+08:00', '2026-11-26T09:00:00+08:00', '2026-11-27T10:00:00+08:00', 'next Friday'],
  satisfied: [false, true, 0],
  targetCaseId: [U2, CASE_ID, 12],
};

/** Bodies for one action: each input the action takes in turn given each value, the others complete; each left out. */
function bodies(action: CaseAction): ActionRequest[] {
  const complete: Record<string, unknown> = { version: 3 };
  for (const [name] of inputsOf(action)) complete[ACTION_FIELD[name]] = VALUES[name][0];
  const out: Record<string, unknown>[] = [{ version: 3 }, complete];
  for (const name of INPUT_NAMES) {
    for (const value of VALUES[name]) out.push({ ...complete, [ACTION_FIELD[name]]: value });
    const { [ACTION_FIELD[name]]: _left, ...without } = complete;
    out.push(without);
  }
  return out as unknown as ActionRequest[];
}

/** What only the domain judges: presence, the case's deadline and id, and that a case goes to one assignee. */
const domainOnly = (p: InputProblem) =>
  ['missing', 'missing-kind', 'none-of', 'not-after-now', 'not-after-deadline', 'this-case'].includes(p.problem) || (p.input === 'assignee' && p.problem === 'malformed');

describe('action request schemas, derived from ACTION_INPUTS', () => {
  it('take exactly the fields the table lists, in its order', () => {
    for (const action of CASE_ACTIONS) expect(actionFields[action]).toEqual(Object.keys(ACTION_INPUTS[action].inputs).map((n) => ACTION_FIELD[n as InputName]));
  });

  it.each(CASE_ACTIONS.map((a) => [a]))('%s: the schema accepts exactly what the domain accepts, presence and case rules aside', (action) => {
    const schema = actionRequestSchemas[action];
    const verdicts = new Set<boolean>();
    for (const body of bodies(action)) {
      const edge = schema.safeParse(body).success;
      verdicts.add(edge);
      const problems = inputProblems(action, toInput(body), ctx);
      // a field the action does not take: refused by the strict schema, never read by the domain
      const takes = Object.keys(body).every((f) => f === 'version' || (actionFields[action] as string[]).includes(f));
      expect([body, edge]).toEqual([body, takes && problems.filter((p) => !domainOnly(p)).length === 0]);
      // nothing the domain takes is refused at the edge
      if (takes && problems.length === 0) expect([body, edge]).toEqual([body, true]);
    }
    // the bodies try both verdicts
    expect(verdicts).toEqual(new Set([true, false]));
  });

  it('leave presence to the domain: a body missing a required input passes the edge and is refused after', () => {
    for (const action of CASE_ACTIONS) {
      for (const [name, rule] of inputsOf(action)) {
        if (rule.required !== true) continue;
        expect(actionRequestSchemas[action].safeParse({ version: 1 }).success).toBe(true);
        expect(inputProblems(action, {}, ctx).map((p) => p.input)).toContain(name);
      }
    }
  });

  it('check the formats only the wire has (the domain sees ids and instants already parsed)', () => {
    const wireOnly: [CaseAction, Record<string, unknown>][] = [
      ['merge', { targetCaseId: 'CZ-20261126-0001' }],
      ['send-check', { checkerUserId: 'worker.xincheng' }],
      ['dispatch', { assignee: { userId: 'worker.xincheng' } }],
      ['comment', { note: 'x', attachmentIds: ['after.jpg'] }],
      ['request-extension', { note: 'x', dueAt: '2026-11-29T10:00:00' }],
      ['file', { categoryCode: 'e0102' }],
      ['register', { note: '   ' }],
    ];
    for (const [action, fields] of wireOnly) {
      const body = { version: 1, ...fields } as ActionRequest;
      expect([action, body, actionRequestSchemas[action].safeParse(body).success]).toEqual([action, body, false]);
      expect([action, body, inputProblems(action, toInput(body), ctx)]).toEqual([action, body, []]);
    }
  });
});
