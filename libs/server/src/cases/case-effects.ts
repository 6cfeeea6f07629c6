import { JobName, job, type AlertKind, type NotificationKind, type PlannedJob, type SlaKind } from '@gridops/contracts';
import type { CaseEventType, CaseState, Source } from '@gridops/domain';

/**
 * A committed case event, as its outbox row tells it (written by case-journal.ts) and as the writer that committed
 * it knows it. Facts only — what follows from them is decided below, not by the writer.
 */
export interface CommittedCaseEvent {
  caseId: string;
  seq: string;
  type: CaseEventType;
  fromState: CaseState | null;
  toState: CaseState;
  /** the case's version after this event: jobs planned from it carry it, so a late job can tell it is stale */
  caseVersion: number;
  deadlineVersion: number;
  /** a report's source (reports only) */
  source?: Source;
  /** this event put the case on hold for the desk (no one on duty to dispatch it to) */
  held?: boolean;
}

/** An outbox row's payload: the event's facts besides its case and seq (the row's own columns). */
export type OutboxPayload = Omit<CommittedCaseEvent, 'caseId' | 'seq'>;

/** Everything that follows one committed event. */
export interface CaseEffects {
  /** the worker's next steps, notices among them: added to BullMQ by the outbox relay */
  jobs: PlannedJob[];
  /** the websocket event that tells the boards (sent by the writer's process after commit) */
  broadcast: 'case.created' | 'case.updated';
  /** an alert for the board and the desk, sent with the broadcast */
  alert?: { kind: AlertKind; text: string };
}

/** Events that move the handling deadline: its SLA timers are planned again (the old ones go stale). */
const DEADLINE_EVENTS: readonly CaseEventType[] = ['dispatch', 'approve-return', 'approve-extension', 'approve-suspend', 'resume'];

/**
 * THE table from a committed case event to its effects — jobs, notices, SLA timers and the broadcast. Every writer
 * (api actions, intake and its channels, alarms, 12345 import, the pipeline itself) commits events through the
 * case journal; the relay plans `jobs` from each outbox row, and the writer's process sends `broadcast` and `alert`
 * after commit. Nothing else starts a job or a notice about an event. Job ids are deterministic (jobIdOf), so a
 * row relayed twice plans each job once.
 */
export function effectsOf(e: CommittedCaseEvent): CaseEffects {
  const { caseId, caseVersion: version } = e;
  const moved = e.fromState !== e.toState;
  const notice = (kind: NotificationKind) => job(JobName.Notify, { kind, caseId, about: version });
  const jobs: PlannedJob[] = [];

  if (e.type === 'report') jobs.push(job(JobName.IntakeCase, { caseId }));
  if (moved && e.toState === 'PENDING_DISPATCH') jobs.push(job(JobName.DispatchCase, { caseId, version }));
  // a new deadline: the sla job plans its three timers and removes the previous version's
  if (DEADLINE_EVENTS.includes(e.type)) jobs.push(job(JobName.ScheduleSla, { caseId, deadlineVersion: e.deadlineVersion }));
  if (e.type === 'dispatch') jobs.push(notice('case.dispatched'));
  if (e.held) jobs.push(notice('case.unassigned'));
  if (moved && (e.toState === 'HANDLED' || e.toState === 'SELF_DISPOSED')) jobs.push(job(JobName.AssignChecker, { caseId, version }));
  if (e.type === 'send-check') jobs.push(notice('case.check-assigned'));
  if (moved && e.toState === 'PENDING_CLOSE') jobs.push(job(JobName.AutoClose, { caseId, version }));
  if (e.type === 'close') jobs.push(notice('case.callback-due'));

  return {
    jobs,
    broadcast: e.type === 'report' ? 'case.created' : 'case.updated',
    alert: e.type === 'report' && e.source === 'iot' ? { kind: 'sensor.alarm', text: '物联感知告警 / sensor alarm' } : undefined,
  };
}

/**
 * What an SLA timer does when it fires on a case still on that deadline (sla.processor.ts): the one other cause of
 * notices besides committed events. At 100% the system urges (督办: the case becomes supervised, on the timeline); at
 * 200% it notes that town leadership was told.
 */
export const SLA_TIMER_EFFECTS: Record<SlaKind, { notice: NotificationKind; alert: AlertKind; text: string; step: 'urge' | 'note' | null }> = {
  yellow: { notice: 'sla.yellow', alert: 'sla.yellow', text: '即将超期 / due soon', step: null },
  red: { notice: 'sla.red', alert: 'sla.red', text: '已超期，系统督办 / overdue: supervised', step: 'urge' },
  escalate: { notice: 'sla.escalate', alert: 'sla.escalate', text: '超期两倍，已报镇领导 / overdue twice the limit', step: 'note' },
};

/**
 * The jobs of a relayed batch, in event order. A case the batch already shows dispatched after it waited for
 * dispatch — intake files and dispatches a patrol report in one write — gets no dispatch job: it would only load the
 * case to find it moved on. (When the two rows fall into different batches, that job runs and skips.)
 */
export function jobsForBatch(events: readonly CommittedCaseEvent[]): PlannedJob[] {
  const dispatchedAt = new Map<string, number>();
  for (const e of events) if (e.type === 'dispatch') dispatchedAt.set(e.caseId, Math.max(e.caseVersion, dispatchedAt.get(e.caseId) ?? 0));
  return events.flatMap((e) =>
    effectsOf(e).jobs.filter((j) => !(j.name === JobName.DispatchCase && (dispatchedAt.get(e.caseId) ?? 0) > e.caseVersion)),
  );
}
