import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Metrics, withTimeout } from '../metrics/metrics';
import { PrimaryWalSamples, walBytes } from './replica-lag';

/** `up`: close behind, serving reads; `lagging`: further behind than READ_REPLICA_MAX_LAG_MS; `down`: unreachable or not a standby. */
export type ReplicaState = 'up' | 'lagging' | 'down';

/** What `/health/ready` and the metrics say about the read replica (only when DATABASE_READ_URL is set). */
export interface ReplicaStatus {
  state: ReplicaState;
  /** staleness at the last check, in seconds (an upper bound); null when it could not be measured */
  lagSeconds: number | null;
  /** where lag-tolerant reads go now */
  reads: 'replica' | 'primary';
}

/** How long one check's statement may take before the replica counts as down. */
const CHECK_TIMEOUT_MS = 2000;

/**
 * Whether an error says the replica (not the statement) failed: a SQLSTATE of a connection exception or of the server
 * shutting down / not yet accepting connections, a socket error (ECONNREFUSED, ECONNRESET, …), or pg's own words for
 * a connection that ended or could not be made in time.
 */
function lostReplica(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; driverError?: { code?: unknown } };
  const code = String(e.driverError?.code ?? e.code ?? '');
  return /^(08|57P0[1-3])/.test(code) || /^E[A-Z]+$/.test(code) || /connection|connect|terminated/i.test(String(e.message ?? ''));
}

/**
 * The one place that decides which Postgres serves a read. Writes, and reads that must see what was just written
 * (a case file after an action, sign-in, token versions, idempotency keys, anything a decision is taken on), use the
 * primary's DataSource as always. Reads that tolerate a few seconds of lag — the board, analytics, the open map, case
 * lists, the live replay — go through `read`/`query` here: to DATABASE_READ_URL's streaming replica while it is
 * reachable and at most READ_REPLICA_MAX_LAG_MS behind, else to the primary. A replica that fails a read mid-way
 * has that read answered by the primary (and, when the failure is the connection, is counted down until the next
 * check finds it back). Without DATABASE_READ_URL every read goes to the primary, as before. docs/read-replica.md.
 */
@Injectable()
export class ReadDatabase implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('read-replica');
  private readonly samples: PrimaryWalSamples;
  private replica: DataSource | null = null;
  private state: ReplicaState = 'down';
  private lagMs: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly primary: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {
    this.samples = new PrimaryWalSamples(2 * config.READ_REPLICA_MAX_LAG_MS + config.READ_REPLICA_CHECK_MS);
  }

  /** Whether a replica is configured at all (DATABASE_READ_URL). */
  get configured(): boolean {
    return this.config.DATABASE_READ_URL !== undefined;
  }

  onApplicationBootstrap(): void {
    if (!this.configured) return;
    this.metrics.provide({ readReplica: () => this.status() });
    // reads go to the primary until the first check has found the replica close behind
    void this.check();
    this.timer = setInterval(() => void this.check(), this.config.READ_REPLICA_CHECK_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.checking;
    await this.replica?.destroy().catch(() => undefined);
    this.replica = null;
  }

  /** The replica's state, null when none is configured. */
  status(): ReplicaStatus | null {
    if (!this.configured) return null;
    return { state: this.state, lagSeconds: this.lagMs === null ? null : Math.round(this.lagMs) / 1000, reads: this.serving() ? 'replica' : 'primary' };
  }

  /**
   * Runs a lag-tolerant read on the replica when it serves, else on the primary; a read the replica fails is run
   * again on the primary. `caughtUp`: use the replica only if it has already replayed everything the primary had
   * written when the read began (one small query on each) — for the live replay, whose caller must not miss the
   * newest events.
   */
  async read<T>(run: (ds: DataSource) => Promise<T>, opts: { caughtUp?: boolean } = {}): Promise<T> {
    const replica = this.serving();
    if (replica && (!opts.caughtUp || (await this.hasReplayedPrimary(replica)))) {
      try {
        const result = await run(replica);
        this.metrics.lagTolerantReads.inc({ pool: 'replica' });
        return result;
      } catch (err) {
        if (lostReplica(err)) this.lost(err);
        else this.logger.warn(`a read failed on the replica, answered by the primary: ${(err as Error).message}`);
      }
    }
    const result = await run(this.primary);
    this.metrics.lagTolerantReads.inc({ pool: 'primary' });
    return result;
  }

  /** `read` of one statement. */
  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.read((ds) => ds.query(sql, params) as Promise<T[]>);
  }

  private serving(): DataSource | null {
    return this.state === 'up' && this.replica?.isInitialized ? this.replica : null;
  }

  private async hasReplayedPrimary(replica: DataSource): Promise<boolean> {
    let wal: string;
    try {
      [{ wal }] = (await this.primary.query(`SELECT pg_current_wal_lsn()::text AS wal`)) as { wal: string }[];
    } catch {
      return false; // the primary's own trouble: the read on it will say so
    }
    try {
      const [r] = (await replica.query(`SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done`, [wal])) as { done: boolean | null }[];
      return r.done === true;
    } catch (err) {
      if (lostReplica(err)) this.lost(err);
      return false;
    }
  }

  private check(): Promise<void> {
    this.checking ??= this.measure().finally(() => (this.checking = null));
    return this.checking;
  }

  /** One check: sample the primary's WAL position, then ask the replica how far it has replayed. */
  private async measure(): Promise<void> {
    if (this.stopped) return;
    const sampledAt = Date.now();
    try {
      const [p] = (await withTimeout(this.primary.query(`SELECT pg_current_wal_lsn()::text AS wal`), CHECK_TIMEOUT_MS)) as { wal: string }[];
      this.samples.add(walBytes(p.wal), sampledAt);
    } catch {
      // the primary is away: no new sample, so the replica's measured lag grows (and everything else waits anyway)
    }
    try {
      const replica = await this.connect();
      const [r] = (await withTimeout(replica.query(`SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replayed`), CHECK_TIMEOUT_MS)) as {
        standby: boolean;
        replayed: string | null;
      }[];
      if (!r.standby || r.replayed === null) return this.become('down', null, 'it is not a streaming standby (promoted, or a primary)');
      const lag = this.samples.lagMs(walBytes(r.replayed), Date.now());
      if (lag === null) return this.become('down', null, 'the primary has not answered yet, so its lag is unknown');
      this.become(lag <= this.config.READ_REPLICA_MAX_LAG_MS ? 'up' : 'lagging', lag);
    } catch (err) {
      this.become('down', null, (err as Error).message);
    }
  }

  /** The replica's DataSource: the primary's options (entities and all) on DATABASE_READ_URL, opened on first use. */
  private async connect(): Promise<DataSource> {
    if (this.replica?.isInitialized) return this.replica;
    const options = this.primary.options as DataSourceOptions & { extra?: Record<string, unknown> };
    const replica = new DataSource({
      ...options,
      url: this.config.DATABASE_READ_URL,
      // a standby is read-only: nothing to install; a dead host must not hold a read for long
      installExtensions: false,
      extra: { ...options.extra, application_name: 'gridops-read', connectionTimeoutMillis: CHECK_TIMEOUT_MS },
    } as DataSourceOptions);
    try {
      await withTimeout(replica.initialize(), CHECK_TIMEOUT_MS * 2);
    } catch (err) {
      await replica.destroy().catch(() => undefined);
      throw err;
    }
    if (this.stopped) {
      await replica.destroy();
      throw new Error('shutting down');
    }
    this.replica = replica;
    return replica;
  }

  /** A read found the replica's connection gone: stop sending it reads until a check finds it back. */
  private lost(err: unknown): void {
    this.become('down', null, `a read lost its connection: ${(err as Error).message}`);
  }

  private become(state: ReplicaState, lagMs: number | null, why?: string): void {
    const was = this.state;
    this.state = state;
    this.lagMs = lagMs;
    if (was === state) return;
    const detail = state === 'down' ? `: ${why}` : ` (${((lagMs ?? 0) / 1000).toFixed(1)} s behind; bound ${this.config.READ_REPLICA_MAX_LAG_MS / 1000} s)`;
    const reads = state === 'up' ? 'lag-tolerant reads go to the replica' : 'lag-tolerant reads go to the primary';
    if (state === 'up') this.logger.log(`replica ${was} → ${state}${detail}; ${reads}`);
    else this.logger.warn(`replica ${was} → ${state}${detail}; ${reads}`);
  }
}
