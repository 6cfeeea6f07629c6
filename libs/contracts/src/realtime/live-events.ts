import type { ActorRole, CaseEventType, CaseState, DistrictCode } from '@gridops/domain';
import type { QueueStats } from '../jobs/job-catalogue';
import type { CaseSummary } from '../rest/cases';
import type { NotificationKind, NotificationParams } from '../rest/notifications';
import type { TrendWarningView } from '../rest/warnings';

/**
 * The websocket contract (namespace `/live`), shared by the gateway and the console (style rule 10).
 * Event names persist in clients: never rename them.
 */
export const LIVE_NAMESPACE = '/live';
/** Past this many missed events, or this age, a resuming client is told to refetch instead of replaying. */
export const RESUME_MAX_EVENTS = 5000;
export const RESUME_MAX_AGE_MS = 24 * 3600 * 1000;
/**
 * A client that connects with `auth: { token, batch: true }` (the console does) gets case events grouped: one
 * `case.batch` frame per room per window instead of one frame per event. Fanning one event out to 1,000 sockets
 * costs the api ~20 ms of CPU whatever its size, so grouping is what lets a wall of boards follow a busy town.
 */
export const LIVE_BATCH_WINDOW_MS = 50;
/** How often the town room gets queue figures. */
export const QUEUE_STATS_INTERVAL_MS = 5000;

/** One committed timeline event with the case as it is now: enough for a board to patch itself. */
export interface CaseEventMessage {
  /** global case_events sequence: strictly increasing; a gap means something was missed */
  seq: string;
  type: CaseEventType;
  caseId: string;
  fromState: CaseState | null;
  toState: CaseState;
  actor: { role: ActorRole; name: string };
  at: string;
  case: CaseSummary;
  /** true when this message is a replay after `resume` */
  replay?: boolean;
}

/** Alerts about one case. */
export type AlertKind = 'sla.yellow' | 'sla.red' | 'sla.escalate' | 'sensor.alarm';

/** An alert about one case: SLA timers and sensor alarms. */
export interface CaseAlertMessage {
  kind: AlertKind;
  caseId: string;
  number: string;
  districtCode: DistrictCode;
  message: string;
  at: string;
}

/** 趋势预警: a 片区 × category rose well above its baseline (no case of its own; the warning is stored, GET /warnings). */
export interface TrendAlertMessage {
  kind: 'trend';
  warning: TrendWarningView;
  districtCode: DistrictCode;
  /** the warning's sentence in Chinese (`warning.message` has both languages) */
  message: string;
  at: string;
}

/** `alert.raised`, discriminated by `kind`: a case's alert, or a trend warning (`kind: 'trend'`). */
export type AlertMessage = CaseAlertMessage | TrendAlertMessage;

export function isCaseAlert(a: AlertMessage): a is CaseAlertMessage {
  return a.kind !== 'trend';
}

/** A new notification for its reader (title: `noticeTitle(kind, params, lang)`). */
export interface NotificationMessage {
  id: string;
  kind: NotificationKind;
  caseId: string | null;
  params: NotificationParams;
  createdAt: string;
}

export interface ServerToClientEvents {
  'case.created': (m: CaseEventMessage) => void;
  'case.updated': (m: CaseEventMessage) => void;
  /** batching clients only: the case events of one window, in publish order (each as case.created/updated would carry) */
  'case.batch': (m: CaseEventMessage[]) => void;
  'alert.raised': (m: AlertMessage) => void;
  'queue.stats': (m: { at: string; queues: QueueStats[] }) => void;
  notification: (m: NotificationMessage) => void;
  /** a new map of 片区 and grid cells was applied (docs/geography.md): read the outlines again */
  'geography.changed': (m: { version: number }) => void;
  /** too much was missed (or too long ago): refetch lists instead of replaying */
  resync: (m: { reason: string }) => void;
  /**
   * The replay after `resume` is complete. `afterSeq` echoes the request. `settledThrough`: every seq up to it was
   * committed (or rolled back) before the replay was read, so a seq in (afterSeq, settledThrough] the replay did not
   * hold is not for this reader; a higher one may still be in flight (seqs are taken at insert, transactions commit in
   * their own order) — null when the server cannot tell yet.
   */
  'resume.done': (m: { replayed: number; lastSeq: string | null; afterSeq: string; settledThrough: string | null }) => void;
}

export interface ClientToServerEvents {
  /**
   * send on every (re)connect and to check a seq gap: from below the lowest seq still awaited (else the last seq
   * seen); the server replays what the caller may see after it, in order
   */
  resume: (m: { afterSeq: string }) => void;
}

/** What the handshake carries: the same access token as REST. */
export interface LiveAuth {
  token: string;
  /** group case events into `case.batch` frames (LIVE_BATCH_WINDOW_MS) */
  batch?: boolean;
}
