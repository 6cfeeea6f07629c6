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
  /** scheduled upkeep: the suggestion models' retraining (docs/suggestions.md), replay's snapshots (docs/board.md) */
  Models: 'models',
  Trends: 'trends',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];
export const QUEUE_NAMES: readonly QueueName[] = Object.values(QueueName);

// Retired: `case.callback-task` and `notify.send` on the `notify` queue (the outbox relay writes the notices of each
// event in its own transaction, the SLA timer its own: no job between an event and its notice), and
// `case.sla-schedule` (the relay plans a new deadline's timers from its event). A leftover job of these names fails
// with "no handler" and may be deleted from bull-board; the leftover `notify` queue may be obliterated.
export const JobName = {
  /** a new report: auto-file, duplicate suggestion, IoT merge */
  IntakeCase: 'case.intake',
  /** a filed case: choose the assignee and dispatch */
  DispatchCase: 'case.dispatch',
  /** one timer fired */
  CheckSla: 'case.sla-check',
  /** a fix was reported: assign a checker and send for check */
  AssignChecker: 'case.assign-checker',
  /** a check passed: close where the category allows */
  AutoClose: 'case.auto-close',
  /** scheduled: retrain the category / 片区 suggestion models when enough cases closed since the last one */
  RetrainSuggestions: 'suggest.retrain',
  /** 趋势预警: judge every 片区 × category's recent counts at the clock `at` (docs/kpis.md) */
  DetectTrends: 'trends.detect',
  /** 回放: record which version of each open case was valid at the slot time `at` (docs/board.md "Replay") */
  SnapshotCases: 'replay.snapshot',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

export type SlaKind = 'yellow' | 'red' | 'escalate';
export const SLA_KINDS: readonly SlaKind[] = ['yellow', 'red', 'escalate'];

/** Jobs carry ids, never records: a handler re-reads the case and skips when the world has moved on. */
export interface JobPayloads {
  [JobName.IntakeCase]: { caseId: string };
  [JobName.DispatchCase]: { caseId: string; version: number };
  [JobName.CheckSla]: { caseId: string; deadlineVersion: number; kind: SlaKind };
  [JobName.AssignChecker]: { caseId: string; version: number };
  [JobName.AutoClose]: { caseId: string; version: number };
  /** the schedule's slot (ISO instant, a whole period of JOB_SCHEDULES): names the run, one per slot */
  [JobName.RetrainSuggestions]: { at: string };
  /** the run's clock (ISO instant, a whole TREND_RUN_INTERVAL_MS): the same `at` gives the same judgement */
  [JobName.DetectTrends]: { at: string };
  /** the slot time the snapshot is of (ISO instant, a whole period of JOB_SCHEDULES) */
  [JobName.SnapshotCases]: { at: string };
}

/** One job: its name and that name's payload — `{ name: CheckSla, payload: { caseId } }` does not compile. */
export type JobOf<N extends JobName> = { name: N; payload: JobPayloads[N] };
/** Any job of the catalogue, discriminated by `name`. */
export type AnyJob = { [N in JobName]: JobOf<N> }[JobName];
/** A job to add: delayed ones (SLA timers) say by how much. */
export type PlannedJob = AnyJob & { delayMs?: number };

/** A job of the catalogue, typed by its name: `job(JobName.DispatchCase, { caseId, version })`. */
export function job<N extends JobName>(name: N, payload: JobPayloads[N], delayMs?: number): PlannedJob {
  return (delayMs === undefined ? { name, payload } : { name, payload, delayMs }) as PlannedJob;
}

/**
 * The deterministic id of a job (style rule 3): the same work planned twice — a relay that publishes an outbox row
 * again, a handler re-run after a crash — is one job. Ids persist in Redis: change a format only with a migration
 * of what is stored. BullMQ ids may not contain ':'.
 */
export function jobIdOf(j: AnyJob): string {
  switch (j.name) {
    case JobName.IntakeCase:
      return `intake-${j.payload.caseId}`;
    case JobName.DispatchCase:
      return `dispatch-${j.payload.caseId}-${j.payload.version}`;
    case JobName.CheckSla:
      return `sla-${j.payload.caseId}-${j.payload.kind}-${j.payload.deadlineVersion}`;
    case JobName.AssignChecker:
      return `checker-${j.payload.caseId}-${j.payload.version}`;
    case JobName.AutoClose:
      return `autoclose-${j.payload.caseId}-${j.payload.version}`;
    // scheduled jobs (JOB_SCHEDULES): one per slot however many workers plan it
    case JobName.RetrainSuggestions:
      return `suggest-retrain-${Date.parse(j.payload.at)}`;
    case JobName.DetectTrends:
      return `trends-${Date.parse(j.payload.at)}`;
    case JobName.SnapshotCases:
      return `replay-snapshot-${Date.parse(j.payload.at)}`;
  }
}

/** Which queue each job runs on. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.IntakeCase]: QueueName.Intake,
  [JobName.DispatchCase]: QueueName.Dispatch,
  [JobName.CheckSla]: QueueName.Sla,
  [JobName.AssignChecker]: QueueName.Closure,
  [JobName.AutoClose]: QueueName.Closure,
  [JobName.RetrainSuggestions]: QueueName.Models,
  [JobName.DetectTrends]: QueueName.Trends,
  [JobName.SnapshotCases]: QueueName.Models,
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
  [JobName.CheckSla]: { attempts: 40, backoff: { type: 'capped', delay: 1000 } },
  [JobName.AssignChecker]: { attempts: 40, backoff: { type: 'capped', delay: 500 } },
  [JobName.AutoClose]: { attempts: 40, backoff: { type: 'capped', delay: 500 } },
  // like the others, rides out a database outage (a schedule's first run starts with the worker)
  [JobName.RetrainSuggestions]: { attempts: 40, backoff: { type: 'capped', delay: 1000 } },
  // its clock is in the payload: a run retried after an outage judges the moment it was planned for
  [JobName.DetectTrends]: { attempts: 40, backoff: { type: 'capped', delay: 1000 } },
  // its slot is in the payload, and a rerun of a slot changes nothing: retried through an outage like the others
  [JobName.SnapshotCases]: { attempts: 40, backoff: { type: 'capped', delay: 1000 } },
};

/** 趋势预警: how often trends.detect judges the recent counts (docs/kpis.md) */
export const TREND_RUN_INTERVAL_MS = 10 * 60_000;

/** Jobs that run on a schedule rather than after an event; their payload is the slot's clock. */
export type ScheduledJobName = typeof JobName.RetrainSuggestions | typeof JobName.DetectTrends | typeof JobName.SnapshotCases;

/**
 * 回放: how often replay's snapshot of the open cases is taken. A replayed moment reads the snapshot before it plus
 * the versions since, so the period bounds that second read; each snapshot costs 8 bytes per open case. Every 3 h
 * (docs/board.md "Replay", docs/benchmarks.md): at 1 M cases (27,000 open) 92 days of snapshots are ~160 MB, and 3 h
 * of versions are read in a few ms at the bench's rate.
 */
export const CASE_SNAPSHOT_EVERY_MS = 3 * 3_600_000;

/**
 * The schedules: one job per `everyMs` slot (its payload the slot's start, its id `<name>-<slot>`), planned by every
 * worker each minute (pipeline/scheduled-jobs.ts) — the id makes it one job however many workers ask, and a Redis
 * that came back empty gets the current slot planned again within a minute. `lagMs`: a slot is planned that long
 * after it began (the job's work is about the slot's start, which must be safely in the past).
 */
export const JOB_SCHEDULES: Record<ScheduledJobName, { everyMs: number; lagMs?: number }> = {
  [JobName.RetrainSuggestions]: { everyMs: 15 * 60_000 },
  [JobName.DetectTrends]: { everyMs: TREND_RUN_INTERVAL_MS },
  // a slot is planned a minute after it began: by then every change made before it has committed
  [JobName.SnapshotCases]: { everyMs: CASE_SNAPSHOT_EVERY_MS, lagMs: 60_000 },
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
