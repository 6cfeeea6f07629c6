import { jobIdOf, type PlannedJob } from '@gridops/contracts';
import { effectsOf, jobsForBatch, type CommittedCaseEvent } from './case-effects';

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
const ids = (jobs: PlannedJob[]) => jobs.map((j) => `${j.name} ${jobIdOf(j)}`);
const planned = (e: Partial<CommittedCaseEvent>) => ids(effectsOf(event(e)).jobs);

describe('what follows each committed case event (the one effects table)', () => {
  it.each([
    [{ type: 'report', fromState: null, toState: 'REPORTED' }, ['case.intake intake-c1']],
    [{ type: 'file', fromState: 'PENDING_FILE', toState: 'PENDING_DISPATCH' }, ['case.dispatch dispatch-c1-5']],
    [{ type: 'approve-return', fromState: 'RETURN_REQUESTED', toState: 'PENDING_DISPATCH', deadlineVersion: 3 }, ['case.dispatch dispatch-c1-5', 'case.sla-schedule slaplan-c1-3']],
    // every deadline, the first one too, is planned by the sla job: one path for timers
    [{ type: 'dispatch', fromState: 'PENDING_DISPATCH', toState: 'DISPATCHED', deadlineVersion: 1 }, ['case.sla-schedule slaplan-c1-1', 'notify.send notify-case-dispatched-c1-5']],
    [{ type: 'dispatch', fromState: 'PENDING_DISPATCH', toState: 'DISPATCHED', deadlineVersion: 2 }, ['case.sla-schedule slaplan-c1-2', 'notify.send notify-case-dispatched-c1-5']],
    [{ type: 'approve-extension', fromState: 'EXTENSION_REQUESTED', toState: 'IN_PROGRESS', deadlineVersion: 4 }, ['case.sla-schedule slaplan-c1-4']],
    [{ type: 'approve-suspend', fromState: 'SUSPEND_REQUESTED', toState: 'SUSPENDED', deadlineVersion: 4 }, ['case.sla-schedule slaplan-c1-4']],
    [{ type: 'resume', fromState: 'SUSPENDED', toState: 'IN_PROGRESS', deadlineVersion: 5 }, ['case.sla-schedule slaplan-c1-5']],
    [{ type: 'handle', fromState: 'IN_PROGRESS', toState: 'HANDLED' }, ['case.assign-checker checker-c1-5']],
    [{ type: 'self-dispose', fromState: 'REPORTED', toState: 'SELF_DISPOSED' }, ['case.assign-checker checker-c1-5']],
    [{ type: 'send-check', fromState: 'HANDLED', toState: 'PENDING_CHECK' }, ['notify.send notify-case-check-assigned-c1-5']],
    [{ type: 'check-pass', fromState: 'PENDING_CHECK', toState: 'PENDING_CLOSE' }, ['case.auto-close autoclose-c1-5']],
    [{ type: 'close', fromState: 'PENDING_CLOSE', toState: 'CLOSED' }, ['notify.send notify-case-callback-due-c1-5']],
    [{ type: 'comment', fromState: 'PENDING_DISPATCH', toState: 'PENDING_DISPATCH', held: true }, ['notify.send notify-case-unassigned-c1-5']],
    [{ type: 'comment' }, []],
    [{ type: 'urge' }, []],
  ] as [Partial<CommittedCaseEvent>, string[]][])('%o plans %o', (e, expected) => {
    expect(planned(e)).toEqual(expected);
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
    expect(jobsForBatch(batch).map(jobIdOf)).toEqual([
      'slaplan-auto-1',
      'notify-case-dispatched-auto-4',
      'slaplan-back-1',
      'notify-case-dispatched-back-4',
      'dispatch-back-6',
      'slaplan-back-2',
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
