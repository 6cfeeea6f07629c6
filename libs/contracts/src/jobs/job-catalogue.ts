/**
 * The typed job catalogue (style rule 1): queue names, job names and their payloads, in one place for the api
 * (which never consumes) and the worker (which must handle every job exactly once).
 *
 * Queue and job names persist in Redis: never rename them.
 */
export const QueueName = {
  Intake: 'intake',
  Dispatch: 'dispatch',
  Sla: 'sla',
  Closure: 'closure',
  Notify: 'notify',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];
export const QUEUE_NAMES: readonly QueueName[] = Object.values(QueueName);

export const JobName = {
  /** a new report: auto-file, duplicate suggestion, IoT merge */
  IntakeCase: 'case.intake',
  /** a filed case: choose the assignee and dispatch */
  DispatchCase: 'case.dispatch',
  /** the handling deadline changed: (re)plan the 80% / 100% / 200% timers */
  ScheduleSla: 'case.sla-schedule',
  /** one timer fired */
  CheckSla: 'case.sla-check',
  /** a fix was reported: assign a checker and send for check */
  AssignChecker: 'case.assign-checker',
  /** a check passed: close where the category allows */
  AutoClose: 'case.auto-close',
  /** a citizen / 12345 case closed: a callback (回访) task for the desk */
  CallbackTask: 'case.callback-task',
  /** tell people: in-app notifications now, SMS / WeChat later behind the same job */
  Notify: 'notify.send',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

export type SlaKind = 'yellow' | 'red' | 'escalate';
export type NotificationKind =
  | 'sla.yellow'
  | 'sla.red'
  | 'sla.escalate'
  | 'case.dispatched'
  | 'case.check-assigned'
  | 'case.callback-due'
  | 'case.unassigned';

/** Jobs carry ids, never records: a handler re-reads the case and skips when the world has moved on. */
export interface JobPayloads {
  [JobName.IntakeCase]: { caseId: string };
  [JobName.DispatchCase]: { caseId: string; version: number };
  [JobName.ScheduleSla]: { caseId: string; deadlineVersion: number };
  [JobName.CheckSla]: { caseId: string; deadlineVersion: number; kind: SlaKind };
  [JobName.AssignChecker]: { caseId: string; version: number };
  [JobName.AutoClose]: { caseId: string; version: number };
  [JobName.CallbackTask]: { caseId: string; version: number };
  /** `key` is the job id too: a re-run after a crash inserts nothing twice (unique per recipient and key) */
  [JobName.Notify]: { kind: NotificationKind; caseId: string; key: string; userIds?: string[]; note?: string };
}

/** Which queue each job runs on. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.IntakeCase]: QueueName.Intake,
  [JobName.DispatchCase]: QueueName.Dispatch,
  [JobName.ScheduleSla]: QueueName.Sla,
  [JobName.CheckSla]: QueueName.Sla,
  [JobName.AssignChecker]: QueueName.Closure,
  [JobName.AutoClose]: QueueName.Closure,
  [JobName.CallbackTask]: QueueName.Closure,
  [JobName.Notify]: QueueName.Notify,
};

export interface RetryPolicy {
  attempts: number;
  /** `capped`: exponential from `delay`, never more than JOB_BACKOFF_CAP_MS between tries */
  backoff: { type: 'capped'; delay: number };
}

/** Longest wait between two tries of a job: with 40 tries a job rides out a ~15 minute database outage. */
export const JOB_BACKOFF_CAP_MS = 30_000;
export const JOB_BACKOFF_STRATEGY = 'capped';

export function cappedBackoff(attemptsMade: number, delay: number): number {
  return Math.min(JOB_BACKOFF_CAP_MS, delay * 2 ** Math.max(0, attemptsMade - 1));
}

/** Retry policy next to the job (style rule 4). */
export const JOB_RETRY: Record<JobName, RetryPolicy> = {
  [JobName.IntakeCase]: { attempts: 40, backoff: { type: 'capped', delay: 500 } },
  [JobName.DispatchCase]: { attempts: 40, backoff: { type: 'capped', delay: 500 } },
  [JobName.ScheduleSla]: { attempts: 40, backoff: { type: 'capped', delay: 500 } },
  [JobName.CheckSla]: { attempts: 40, backoff: { type: 'capped', delay: 1000 } },
  [JobName.AssignChecker]: { attempts: 40, backoff: { type: 'capped', delay: 500 } },
  [JobName.AutoClose]: { attempts: 40, backoff: { type: 'capped', delay: 500 } },
  [JobName.CallbackTask]: { attempts: 40, backoff: { type: 'capped', delay: 1000 } },
  [JobName.Notify]: { attempts: 40, backoff: { type: 'capped', delay: 1000 } },
};

export interface QueueStats {
  queue: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
  paused: boolean;
}
