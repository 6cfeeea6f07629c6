import { jobIdOf, type PlannedJob } from '@gridops/contracts';
import { effectsOf, planBatch, type CommittedCaseEvent } from './case-effects';

const event = (over: Partial<CommittedCaseEvent>): CommittedCaseEvent => ({
  caseId: 'c1',
  seq: '10',
  type: 'comment',
  fromState: 'IN_PROGRESS',
  toState: 'IN_PROGRESS',
  deadlineVersion: 1,
  caseVersion: 5,
  ...over,
});
const NOW = Date.parse('2026-12-07T02:00:00Z');
const slaTimers = { yellow: '2026-12-07T01:59:00.000Z', red: '2026-12-07T03:00:00.000Z', escalate: '2026-12-07T04:00:00.000Z' };
const timers = (v: number) => ['yellow', 'red', 'escalate'].map((k) => `case.sla-check sla-c1-${k}-${v}`);
const ids = (jobs: PlannedJob[]) => jobs.map((j) => `${j.name} ${jobIdOf(j)}`);
const planned = (e: Partial<CommittedCaseEvent>) => {
  const effects = effectsOf(event(e), NOW);
  return [...ids(effects.jobs), ...effects.notices.map((n) => `notice ${n.kind} about ${n.caseId} v${n.about}`)];
};

describe('what follows each committed case event (the one effects table)', () => {
  it.each([
    [{ type: 'report', fromState: null, toState: 'REPORTED' }, ['case.intake intake-c1']],
    [{ type: 'file', fromState: 'PENDING_FILE', toState: 'PENDING_DISPATCH' }, ['case.dispatch dispatch-c1-5']],
    // a return clears the deadline: no timers (the old ones are retired, below)
    [{ type: 'approve-return', fromState: 'RETURN_REQUESTED', toState: 'PENDING_DISPATCH', deadlineVersion: 3 }, ['case.dispatch dispatch-c1-5']],
    // every running deadline, the first one too, gets its three timers from its event: one path for timers
    [{ type: 'dispatch', fromState: 'PENDING_DISPATCH', toState: 'DISPATCHED', deadlineVersion: 1, slaTimers }, [...timers(1), 'notice case.dispatched about c1 v5']],
    [{ type: 'dispatch', fromState: 'PENDING_DISPATCH', toState: 'DISPATCHED', deadlineVersion: 2, slaTimers }, [...timers(2), 'notice case.dispatched about c1 v5']],
    [{ type: 'approve-extension', fromState: 'EXTENSION_REQUESTED', toState: 'IN_PROGRESS', deadlineVersion: 4, slaTimers }, timers(4)],
    [{ type: 'approve-suspend', fromState: 'SUSPEND_REQUESTED', toState: 'SUSPENDED', deadlineVersion: 4 }, []],
    [{ type: 'resume', fromState: 'SUSPENDED', toState: 'IN_PROGRESS', deadlineVersion: 5, slaTimers }, timers(5)],
    [{ type: 'handle', fromState: 'IN_PROGRESS', toState: 'HANDLED' }, ['case.assign-checker checker-c1-5']],
    [{ type: 'self-dispose', fromState: 'REPORTED', toState: 'SELF_DISPOSED' }, ['case.assign-checker checker-c1-5']],
    [{ type: 'send-check', fromState: 'HANDLED', toState: 'PENDING_CHECK' }, ['notice case.check-assigned about c1 v5']],
    [{ type: 'check-pass', fromState: 'PENDING_CHECK', toState: 'PENDING_CLOSE' }, ['case.auto-close autoclose-c1-5']],
    [{ type: 'close', fromState: 'PENDING_CLOSE', toState: 'CLOSED' }, ['notice case.callback-due about c1 v5']],
    [{ type: 'comment', fromState: 'PENDING_DISPATCH', toState: 'PENDING_DISPATCH', held: true }, ['notice case.unassigned about c1 v5']],
    [{ type: 'comment' }, []],
    [{ type: 'urge' }, []],
  ] as [Partial<CommittedCaseEvent>, string[]][])('%o plans %o', (e, expected) => {
    expect(planned(e)).toEqual(expected);
  });

  it('delays each timer until its instant (one already past fires at once), and retires the previous deadline\'s', () => {
    const e = effectsOf(event({ type: 'approve-extension', fromState: 'EXTENSION_REQUESTED', toState: 'IN_PROGRESS', deadlineVersion: 4, slaTimers }), NOW);
    expect(e.jobs.map((j) => j.delayMs)).toEqual([0, 3600_000, 7200_000]);
    expect(e.retire.map(jobIdOf)).toEqual(['sla-c1-yellow-3', 'sla-c1-red-3', 'sla-c1-escalate-3']);
    // the first deadline has nothing before it; a suspension retires the running timers and plans none
    expect(effectsOf(event({ type: 'dispatch', fromState: 'PENDING_DISPATCH', toState: 'DISPATCHED', deadlineVersion: 1, slaTimers }), NOW).retire).toEqual([]);
    expect(effectsOf(event({ type: 'approve-suspend', fromState: 'SUSPEND_REQUESTED', toState: 'SUSPENDED', deadlineVersion: 4 }), NOW).retire).toHaveLength(3);
  });

  it('tells the boards of a report as case.created and of everything else as case.updated', () => {
    expect(effectsOf(event({ type: 'report', fromState: null, toState: 'REPORTED' })).broadcast).toBe('case.created');
    expect(effectsOf(event({ type: 'dispatch', fromState: 'PENDING_DISPATCH', toState: 'DISPATCHED' })).broadcast).toBe('case.updated');
  });

  it('raises a sensor alarm for a report from an IoT sensor, and for no other report', () => {
    expect(effectsOf(event({ type: 'report', fromState: null, toState: 'REPORTED', source: 'iot' })).alert?.kind).toBe('sensor.alarm');
    expect(effectsOf(event({ type: 'report', fromState: null, toState: 'REPORTED', source: 'patrol' })).alert).toBeUndefined();
  });

  it('plans no dispatch job for a case the same batch shows dispatched later, and keeps one for a case dispatched before', () => {
    const batch = [
      event({ caseId: 'auto', type: 'file', fromState: 'PENDING_FILE', toState: 'PENDING_DISPATCH', caseVersion: 3 }),
      event({ caseId: 'auto', type: 'dispatch', fromState: 'PENDING_DISPATCH', toState: 'DISPATCHED', caseVersion: 4, deadlineVersion: 1 }),
      // dispatched, returned and approved: waiting for dispatch again after the dispatch the batch holds
      event({ caseId: 'back', type: 'dispatch', fromState: 'PENDING_DISPATCH', toState: 'DISPATCHED', caseVersion: 4, deadlineVersion: 1 }),
      event({ caseId: 'back', type: 'approve-return', fromState: 'RETURN_REQUESTED', toState: 'PENDING_DISPATCH', caseVersion: 6, deadlineVersion: 2 }),
    ];
    const plan = planBatch(batch, NOW);
    expect(plan.add.map(jobIdOf)).toEqual(['dispatch-back-6']);
    expect(plan.notices).toEqual([
      { kind: 'case.dispatched', caseId: 'auto', about: 4 },
      { kind: 'case.dispatched', caseId: 'back', about: 4 },
    ]);
  });

  it('plans the same job ids when the same row is relayed twice, so BullMQ keeps one job', () => {
    const e = { type: 'file', fromState: 'PENDING_FILE', toState: 'PENDING_DISPATCH' } as const;
    expect(planned(e)).toEqual(planned(e));
  });

  it('never puts a colon in a job id (BullMQ refuses them)', () => {
    const all = [
      event({ type: 'report', fromState: null, toState: 'REPORTED' }),
      event({ type: 'dispatch', fromState: 'PENDING_DISPATCH', toState: 'DISPATCHED' }),
      event({ type: 'close', fromState: 'PENDING_CLOSE', toState: 'CLOSED' }),
    ].flatMap((e) => effectsOf(e).jobs);
    expect(all.every((j) => !jobIdOf(j).includes(':'))).toBe(true);
  });
});
