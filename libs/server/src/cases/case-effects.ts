import { JobName, SLA_KINDS, job, type AlertKind, type AnyJob, type NotificationKind, type PlannedJob, type SlaKind } from '@gridops/contracts';
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
  /** when the SLA timers of the deadline this event set fire (ISO instants): on events that set a running deadline */
  slaTimers?: Record<SlaKind, string>;
}

/** An outbox row's payload: the event's facts besides its case and seq (the row's own columns). */
export type OutboxPayload = Omit<CommittedCaseEvent, 'caseId' | 'seq'>;

/** What the boards are told of one committed event (sent by the writer's process after commit). */
export interface BroadcastEffects {
  /** the websocket event */
  broadcast: 'case.created' | 'case.updated';
  /** an alert for the board and the desk, sent with the broadcast */
  alert?: { kind: AlertKind; text: string };
}

/**
 * A notice to the people a rule names (notify/notification-rules.ts). `about`: the case version (or, for SLA
 * notices, the deadline version) it is about — with kind and case, what makes it once per reader.
 */
export interface Notice {
  kind: NotificationKind;
  caseId: string;
  about: number;
}

/** Everything that follows one committed event. */
export interface CaseEffects extends BroadcastEffects {
  /** the worker's next steps, SLA timers among them: added to BullMQ by the outbox relay */
  jobs: PlannedJob[];
  /** who is told: written by the outbox relay in the transaction that relays the event (notify/notice-writer.ts) */
  notices: Notice[];
  /** jobs this event makes pointless (the superseded deadline's timers): removed by the relay if they still wait */
  retire: AnyJob[];
}

/** Events that move the handling deadline: the previous deadline's timers go stale. */
const DEADLINE_EVENTS: readonly CaseEventType[] = ['dispatch', 'approve-return', 'approve-extension', 'approve-suspend', 'resume'];

/**
 * THE table from a committed case event to its effects — jobs, notices, SLA timers and the broadcast. Every writer
 * (api actions, intake and its channels, alarms, 12345 import, the pipeline itself) commits events through the
 * case journal; the relay adds `jobs` and writes `notices` from each outbox row, and the writer's process sends
 * `broadcast` and `alert` after commit. Nothing else starts a job or a notice about an event. Job ids and notice
 * keys are deterministic, so a row relayed twice plans each job and tells each reader once.
 */
export function effectsOf(e: CommittedCaseEvent, now = Date.now()): CaseEffects {
  const { caseId, caseVersion: version, deadlineVersion } = e;
  const moved = e.fromState !== e.toState;
  const jobs: PlannedJob[] = [];
  const notices: Notice[] = [];
  const notice = (kind: NotificationKind) => notices.push({ kind, caseId, about: version });
  const retire: AnyJob[] = [];

  if (e.type === 'report') jobs.push(job(JobName.IntakeCase, { caseId }));
  if (moved && e.toState === 'PENDING_DISPATCH') jobs.push(job(JobName.DispatchCase, { caseId, version }));
  // a new deadline: its three timers (80 / 100 / 200 %), each delayed until its instant; the previous deadline's
  // timers would find their version stale when they fire, so they are taken out of Redis instead
  const timers = e.slaTimers;
  if (timers) for (const kind of SLA_KINDS) jobs.push(job(JobName.CheckSla, { caseId, deadlineVersion, kind }, Math.max(0, Date.parse(timers[kind]) - now)));
  if (DEADLINE_EVENTS.includes(e.type) && deadlineVersion > 1) {
    for (const kind of SLA_KINDS) retire.push({ name: JobName.CheckSla, payload: { caseId, deadlineVersion: deadlineVersion - 1, kind } });
  }
  if (e.type === 'dispatch') notice('case.dispatched');
  if (e.held) notice('case.unassigned');
  if (moved && (e.toState === 'HANDLED' || e.toState === 'SELF_DISPOSED')) jobs.push(job(JobName.AssignChecker, { caseId, version }));
  if (e.type === 'send-check') notice('case.check-assigned');
  if (moved && e.toState === 'PENDING_CLOSE') jobs.push(job(JobName.AutoClose, { caseId, version }));
  if (e.type === 'close') notice('case.callback-due');

  return { jobs, notices, retire, ...broadcastOf(e) };
}

/** The broadcast part of the table on its own: the fan-out needs it for every event, and none of the jobs. */
export function broadcastOf(e: Pick<CommittedCaseEvent, 'type' | 'source'>): BroadcastEffects {
  return {
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
 * The jobs and notices of a relayed batch, in event order, and the jobs it retires. A case the batch already shows dispatched
 * after it waited for dispatch — intake files and dispatches a patrol report in one write — gets no dispatch job: it
 * would only load the case to find it moved on. (When the two rows fall into different batches, that job runs and
 * skips.)
 */
export function planBatch(events: readonly CommittedCaseEvent[], now = Date.now()): { add: PlannedJob[]; retire: AnyJob[]; notices: Notice[] } {
  const dispatchedAt = new Map<string, number>();
  for (const e of events) if (e.type === 'dispatch') dispatchedAt.set(e.caseId, Math.max(e.caseVersion, dispatchedAt.get(e.caseId) ?? 0));
  const effects = events.map((e) => ({ e, effects: effectsOf(e, now) }));
  return {
    add: effects.flatMap(({ e, effects }) => effects.jobs.filter((j) => !(j.name === JobName.DispatchCase && (dispatchedAt.get(e.caseId) ?? 0) > e.caseVersion))),
    retire: effects.flatMap(({ effects }) => effects.retire),
    notices: effects.flatMap(({ effects }) => effects.notices),
  };
}
