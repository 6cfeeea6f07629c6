import { JobName } from '@gridops/contracts';
import { jobsForBatch, jobsForEvent, type OutboxEvent } from './event-routing';
import { checkHandlerCoverage, type JobHandlerMap } from './job-handler';
import { JobRunner } from './job-runner.service';
import { loadConfig } from '../platform/config/app-config';

const event = (over: Partial<OutboxEvent>): OutboxEvent => ({
  outboxId: '1',
  caseId: 'c1',
  eventSeq: '10',
  type: 'comment',
  fromState: 'IN_PROGRESS',
  toState: 'IN_PROGRESS',
  deadlineVersion: 1,
  caseVersion: 5,
  ...over,
});
const names = (e: Partial<OutboxEvent>) => jobsForEvent(event(e)).map((j) => `${j.name} ${j.jobId}`);

describe('what the pipeline does after each event', () => {
  it.each([
    [{ type: 'report', fromState: null, toState: 'REPORTED' }, ['case.intake intake-c1']],
    [{ type: 'file', fromState: 'PENDING_FILE', toState: 'PENDING_DISPATCH' }, ['case.dispatch dispatch-c1-5']],
    [{ type: 'approve-return', fromState: 'RETURN_REQUESTED', toState: 'PENDING_DISPATCH', deadlineVersion: 3 }, ['case.dispatch dispatch-c1-5', 'case.sla-schedule slaplan-c1-3']],
    [{ type: 'dispatch', fromState: 'PENDING_DISPATCH', toState: 'DISPATCHED', deadlineVersion: 2 }, ['case.sla-schedule slaplan-c1-2', 'notify.send notify-dispatched-c1-5']],
    // a dispatch to a person wrote its notice with it (notification-rules.ts): no notify job
    [{ type: 'dispatch', fromState: 'PENDING_DISPATCH', toState: 'DISPATCHED', deadlineVersion: 2, notified: true }, ['case.sla-schedule slaplan-c1-2']],
    [{ type: 'approve-extension', fromState: 'EXTENSION_REQUESTED', toState: 'IN_PROGRESS', deadlineVersion: 4 }, ['case.sla-schedule slaplan-c1-4']],
    [{ type: 'handle', fromState: 'IN_PROGRESS', toState: 'HANDLED' }, ['case.assign-checker checker-c1-5']],
    [{ type: 'self-dispose', fromState: 'REPORTED', toState: 'SELF_DISPOSED' }, ['case.assign-checker checker-c1-5']],
    [{ type: 'check-pass', fromState: 'PENDING_CHECK', toState: 'PENDING_CLOSE' }, ['case.auto-close autoclose-c1-5']],
    [{ type: 'close', fromState: 'PENDING_CLOSE', toState: 'CLOSED' }, ['case.callback-task callback-c1-5']],
    [{ type: 'comment' }, []],
    [{ type: 'urge' }, []],
  ] as [Partial<OutboxEvent>, string[]][])('%o plans %o', (e, expected) => {
    expect(names(e)).toEqual(expected);
  });

  it("plans a first deadline's three timers itself, from the instants the event carries, and leaves a changed deadline to the sla-schedule job", () => {
    const inAnHour = new Date(Date.now() + 3600_000).toISOString();
    const slaTimers = { yellow: new Date(Date.now() - 60_000).toISOString(), red: inAnHour, escalate: inAnHour };
    const first = jobsForEvent(event({ type: 'dispatch', fromState: 'PENDING_DISPATCH', toState: 'DISPATCHED', deadlineVersion: 1, slaTimers }));
    expect(first.map((j) => `${j.name} ${j.jobId}`)).toEqual([
      'case.sla-check sla-c1-yellow-1',
      'case.sla-check sla-c1-red-1',
      'case.sla-check sla-c1-escalate-1',
      'notify.send notify-dispatched-c1-5',
    ]);
    // an instant already past fires now; the others wait until their instant
    expect(first[0].delayMs).toBe(0);
    expect(first[1].delayMs).toBeGreaterThan(3500_000);
    expect(first[1].delayMs).toBeLessThanOrEqual(3600_000);
    const again = jobsForEvent(event({ type: 'dispatch', fromState: 'PENDING_DISPATCH', toState: 'DISPATCHED', deadlineVersion: 2, slaTimers }));
    expect(again.map((j) => j.jobId)).toEqual(['slaplan-c1-2', 'notify-dispatched-c1-5']);
  });

  it('plans no dispatch job for a case the same batch shows dispatched later, and keeps one for a case dispatched before', () => {
    const batch = [
      event({ caseId: 'auto', type: 'file', fromState: 'PENDING_FILE', toState: 'PENDING_DISPATCH', caseVersion: 3 }),
      event({ caseId: 'auto', type: 'dispatch', fromState: 'PENDING_DISPATCH', toState: 'DISPATCHED', caseVersion: 4, deadlineVersion: 1 }),
      // dispatched, returned and approved: waiting for dispatch again after the dispatch the batch holds
      event({ caseId: 'back', type: 'dispatch', fromState: 'PENDING_DISPATCH', toState: 'DISPATCHED', caseVersion: 4, deadlineVersion: 1 }),
      event({ caseId: 'back', type: 'approve-return', fromState: 'RETURN_REQUESTED', toState: 'PENDING_DISPATCH', caseVersion: 6, deadlineVersion: 2 }),
    ];
    expect(jobsForBatch(batch).map((j) => j.jobId)).toEqual([
      'slaplan-auto-1',
      'notify-dispatched-auto-4',
      'slaplan-back-1',
      'notify-dispatched-back-4',
      'dispatch-back-6',
      'slaplan-back-2',
    ]);
  });

  it('plans the same job ids when the same row is relayed twice, so BullMQ keeps one job', () => {
    const e = { type: 'file', fromState: 'PENDING_FILE', toState: 'PENDING_DISPATCH' } as const;
    expect(names(e)).toEqual(names(e));
  });

  it('never puts a colon in a job id (BullMQ refuses them)', () => {
    const all = [
      event({ type: 'report', fromState: null, toState: 'REPORTED' }),
      event({ type: 'dispatch', fromState: 'PENDING_DISPATCH', toState: 'DISPATCHED' }),
      event({ type: 'close', fromState: 'PENDING_CLOSE', toState: 'CLOSED' }),
    ].flatMap(jobsForEvent);
    expect(all.every((j) => !j.jobId.includes(':'))).toBe(true);
  });
});

describe('the worker refuses to boot when the job catalogue and the handlers disagree', () => {
  const noop = async () => 'done' as const;
  const every: JobHandlerMap = Object.fromEntries(Object.values(JobName).map((n) => [n, noop]));
  const config = loadConfig({ NODE_ENV: 'test' });

  it('accepts one handler per job', () => {
    expect(checkHandlerCoverage(Object.values(JobName), [every])).toEqual({ missing: [], duplicated: [] });
    expect(() => new JobRunner([{ handlers: () => every }], config)).not.toThrow();
  });

  it('names a job with no handler', () => {
    const { [JobName.AutoClose]: _gone, ...rest } = every;
    expect(() => new JobRunner([{ handlers: () => rest }], config)).toThrow(/missing: \[case.auto-close\]/);
  });

  it('names a job handled twice', () => {
    expect(() => new JobRunner([{ handlers: () => every }, { handlers: () => ({ [JobName.Notify]: noop }) }], config)).toThrow(/handled twice: \[notify.send\]/);
  });
});
