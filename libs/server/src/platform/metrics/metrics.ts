import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** How long a scrape-time query (queue counts, outbox backlog) may take before its gauge is left out of that scrape. */
export const COLLECT_TIMEOUT_MS = 2000;

/** Label value of a request that matched no route: never the raw URL (unbounded, and it may carry ids). */
export const UNMATCHED_ROUTE = 'unmatched';

/** Per-queue job counts, as JobQueueService.stats() reports them. */
export interface QueueCounts {
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** The outbox's to-do list: rows not yet relayed (counted up to a cap) and when the oldest of them was written. */
export interface OutboxBacklog {
  rows: number;
  oldestAt: Date | null;
}

/** The scrape-time figures, each supplied by the module that owns it (registered at boot; absent where not run). */
export interface MetricSources {
  queues?: () => Promise<QueueCounts[]>;
  outbox?: () => Promise<OutboxBacklog>;
  pool?: () => { inUse: number; idle: number; waiting: number };
  sockets?: () => Record<string, number>;
  /** the read replica (DATABASE_READ_URL), when one is configured */
  readReplica?: () => { state: 'up' | 'lagging' | 'down'; lagSeconds: number | null } | null;
}

/** The read replica's states, each a series of gridops_read_replica_state (1 for the current one). */
const REPLICA_STATES = ['up', 'lagging', 'down'] as const;

/** A promise that gives up after `ms`: a scrape never waits on a stuck Postgres or Redis. */
export function withTimeout<T>(p: Promise<T>, ms = COLLECT_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Every gridops metric (docs/operations.md, "Metrics"), one registry per process (per Nest app: the tests run an api
 * and a worker in one process). Labels are bounded sets only — route patterns, statuses, actions, sources, queue
 * names, room kinds — never a case id or a raw URL. Counters and histograms are recorded by the module that owns the
 * figure; gauges that need a query are read on scrape from `sources`, each bounded by COLLECT_TIMEOUT_MS.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly sources: MetricSources = {};

  readonly httpDuration = new Histogram({
    name: 'gridops_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern (unmatched for no route) and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly reportsAccepted = new Counter({
    name: 'gridops_reports_accepted_total',
    help: 'Reports committed as new cases, by source',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  readonly transitions = new Counter({
    name: 'gridops_case_transitions_total',
    help: 'Case actions committed (by people and by the pipeline), by action',
    labelNames: ['action'] as const,
    registers: [this.registry],
  });

  readonly reportToDispatch = new Histogram({
    name: 'gridops_report_to_dispatch_seconds',
    help: "From a case's reportedAt to the commit of its dispatch, by the case's source",
    labelNames: ['source'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 5, 15, 60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400],
    registers: [this.registry],
  });

  readonly relayDrain = new Histogram({
    name: 'gridops_outbox_relay_drain_seconds',
    help: 'How long one relay drain (claim, enqueue, commit; batch after batch until the outbox is empty) took, for drains that relayed rows',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly lagTolerantReads = new Counter({
    name: 'gridops_lag_tolerant_reads_total',
    help: 'Reads that tolerate replica lag (board, analytics, open map, case lists, live replay), by the pool that answered them: replica or primary',
    labelNames: ['pool'] as const,
    registers: [this.registry],
  });

  readonly jobsRebuilds = new Counter({
    name: 'gridops_jobs_rebuilds_total',
    help: 'Times a worker found Redis without its jobs (restarted empty, flushed; also the first start on a new Redis) and re-opened the outbox rows of every open case',
    registers: [this.registry],
  });

  readonly jobsRebuildRows = new Counter({
    name: 'gridops_jobs_rebuild_rows_total',
    help: 'Outbox rows re-opened by those rebuilds, for the relay to plan their jobs again',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const sources = this.sources;
    new Gauge({
      name: 'gridops_queue_jobs',
      help: 'Jobs per BullMQ queue and state (waiting, active, delayed, failed), read on scrape',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        if (!sources.queues) return;
        const counts = await withTimeout(sources.queues()).catch(() => null);
        for (const q of counts ?? []) {
          for (const state of ['waiting', 'active', 'delayed', 'failed'] as const) this.set({ queue: q.queue, state }, q[state]);
        }
      },
    });
    let backlog: Promise<OutboxBacklog | null> | null = null;
    // both outbox gauges come from one query per scrape
    const readBacklog = () => (backlog ??= sources.outbox ? withTimeout(sources.outbox()).catch(() => null).finally(() => setImmediate(() => (backlog = null))) : Promise.resolve(null));
    new Gauge({
      name: 'gridops_outbox_backlog_rows',
      help: 'Outbox rows not yet relayed (counted up to 100000), read on scrape',
      registers: [this.registry],
      async collect() {
        this.reset();
        const b = await readBacklog();
        if (b) this.set(b.rows);
      },
    });
    new Gauge({
      name: 'gridops_outbox_oldest_unrelayed_age_seconds',
      help: 'Age of the oldest outbox row not yet relayed (0 when none), read on scrape',
      registers: [this.registry],
      async collect() {
        this.reset();
        const b = await readBacklog();
        if (b) this.set(b.oldestAt ? Math.max(0, (Date.now() - b.oldestAt.getTime()) / 1000) : 0);
      },
    });
    const registry = this.registry;
    /** A gauge of one label whose values are read from a record on scrape (no query: no timeout needed). */
    const recordGauge = (name: string, help: string, label: string, read: () => Record<string, number> | undefined) =>
      new Gauge({
        name,
        help,
        labelNames: [label],
        registers: [registry],
        collect() {
          this.reset();
          for (const [k, n] of Object.entries(read() ?? {})) this.set({ [label]: k }, n);
        },
      });
    recordGauge('gridops_pg_pool_connections', "This process's Postgres pool: connections in use and idle, and requests waiting for one", 'state', () => {
      const p = sources.pool?.();
      return p && { in_use: p.inUse, idle: p.idle, waiting: p.waiting };
    });
    new Gauge({
      name: 'gridops_read_replica_state',
      help: 'The read replica (DATABASE_READ_URL): 1 for its current state — up (serving reads), lagging (past READ_REPLICA_MAX_LAG_MS) or down; absent without a replica',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        const r = sources.readReplica?.();
        if (r) for (const state of REPLICA_STATES) this.set({ state }, r.state === state ? 1 : 0);
      },
    });
    new Gauge({
      name: 'gridops_read_replica_lag_seconds',
      help: 'How far the read replica was behind the primary at its last check (an upper bound, seconds); absent when down or without a replica',
      registers: [this.registry],
      collect() {
        this.reset();
        const r = sources.readReplica?.();
        if (r && r.lagSeconds !== null) this.set(r.lagSeconds);
      },
    });
    recordGauge('gridops_live_sockets', "Sockets connected to this api's /live namespace, by the kind of room they are in (town, district, unit, user, batch:*)", 'room_kind', () => sources.sockets?.());
  }

  /** The owner of a scrape-time figure registers where to read it (once, at boot). */
  provide(sources: MetricSources): void {
    Object.assign(this.sources, sources);
  }

  /** The Prometheus text exposition of every metric of this process. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
