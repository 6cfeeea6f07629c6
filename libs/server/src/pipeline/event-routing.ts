import { JobName } from '@gridops/contracts';
import type { CaseEventType, CaseState } from '@gridops/domain';
import type { PlannedJob } from '../platform/queue/job-queue.service';
import { notifyJob } from '../notify/notify-job';

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
    jobs.push({
      name: JobName.ScheduleSla,
      payload: { caseId, deadlineVersion: e.deadlineVersion },
      jobId: `slaplan-${caseId}-${e.deadlineVersion}`,
    });
  }
  if (e.type === 'dispatch') {
    jobs.push(notifyJob('case.dispatched', caseId, `notify-dispatched-${caseId}-${version}`));
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
