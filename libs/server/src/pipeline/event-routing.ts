import { JobName, type SlaKind } from '@gridops/contracts';
import type { CaseEventType, CaseState } from '@gridops/domain';
import type { PlannedJob } from '../platform/queue/job-queue.service';
import { notifyJob } from '../notify/notify-job';
import { dispatchNoticeKey } from '../notify/notification-rules';
import { slaTimerJobs } from './sla-timers';

/** What an outbox row says happened (written by case-journal.ts). */
export interface OutboxEvent {
  outboxId: string;
  caseId: string;
  eventSeq: string;
  type: CaseEventType;
  fromState: CaseState | null;
  toState: CaseState;
  deadlineVersion: number;
  caseVersion: number;
  /** ISO instants of the new deadline's SLA timers, on events that set one (written by the transition) */
  slaTimers?: Record<SlaKind, string>;
  /** the event's notification was written with it (a dispatch to a person, notification-rules.ts) */
  notified?: boolean;
}

/** Events that move the handling deadline: the SLA timers must be planned again (the old ones go stale). */
const DEADLINE_EVENTS: readonly CaseEventType[] = ['dispatch', 'approve-return', 'approve-extension', 'approve-suspend', 'resume'];

/**
 * The closed loop's automation, as a table from "what happened" to "what the worker does next". Job ids are
 * deterministic (case + version or deadline version), so a relay that publishes a row twice plans each job once.
 */
export function jobsForEvent(e: OutboxEvent): PlannedJob[] {
  const jobs: PlannedJob[] = [];
  const { caseId, caseVersion: version } = e;
  const moved = e.fromState !== e.toState;
  if (e.type === 'report') {
    jobs.push({ name: JobName.IntakeCase, payload: { caseId }, jobId: `intake-${caseId}` });
  }
  if (moved && e.toState === 'PENDING_DISPATCH') {
    jobs.push({ name: JobName.DispatchCase, payload: { caseId, version }, jobId: `dispatch-${caseId}-${version}` });
  }
  if (DEADLINE_EVENTS.includes(e.type)) {
    if (e.deadlineVersion === 1 && e.slaTimers) {
      // the case's first deadline: no earlier timers to remove, so its three timers are planned right here
      const t = e.slaTimers;
      jobs.push(...slaTimerJobs(caseId, 1, { yellow: new Date(t.yellow), red: new Date(t.red), escalate: new Date(t.escalate) }, Date.now()));
    } else {
      // a changed deadline: the sla-schedule job plans the new timers and removes the old ones
      jobs.push({
        name: JobName.ScheduleSla,
        payload: { caseId, deadlineVersion: e.deadlineVersion },
        jobId: `slaplan-${caseId}-${e.deadlineVersion}`,
      });
    }
  }
  if (e.type === 'dispatch' && !e.notified) {
    jobs.push(notifyJob('case.dispatched', caseId, dispatchNoticeKey(caseId, version)));
  }
  if (moved && (e.toState === 'HANDLED' || e.toState === 'SELF_DISPOSED')) {
    jobs.push({ name: JobName.AssignChecker, payload: { caseId, version }, jobId: `checker-${caseId}-${version}` });
  }
  if (moved && e.toState === 'PENDING_CLOSE') {
    jobs.push({ name: JobName.AutoClose, payload: { caseId, version }, jobId: `autoclose-${caseId}-${version}` });
  }
  if (e.type === 'close') {
    jobs.push({ name: JobName.CallbackTask, payload: { caseId, version }, jobId: `callback-${caseId}-${version}` });
  }
  return jobs;
}

/**
 * The jobs of a relayed batch, in event order. A case the batch already shows dispatched after it waited for
 * dispatch — intake files and dispatches a patrol report in one write — gets no dispatch job: it would only load the
 * case to find it moved on. (When the two rows fall into different batches, that job runs and skips.)
 */
export function jobsForBatch(events: readonly OutboxEvent[]): PlannedJob[] {
  const dispatchedAt = new Map<string, number>();
  for (const e of events) if (e.type === 'dispatch') dispatchedAt.set(e.caseId, Math.max(e.caseVersion, dispatchedAt.get(e.caseId) ?? 0));
  return events.flatMap((e) =>
    jobsForEvent(e).filter((job) => !(job.name === JobName.DispatchCase && (dispatchedAt.get(e.caseId) ?? 0) > e.caseVersion)),
  );
}
