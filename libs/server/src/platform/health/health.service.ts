import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RedisClient } from '../redis/redis.provider';
import { ShutdownState } from './shutdown-state';
import { ReadDatabase, type ReplicaStatus } from '../read-replica/read-database';

export type CheckResult = 'up' | 'down';

export interface HealthReport {
  /** `draining`: shutting down (SIGTERM), finishing what is in hand; take it out of rotation */
  status: 'ok' | 'degraded' | 'draining';
  checks: { postgres: CheckResult; redis: CheckResult } & Record<string, CheckResult>;
  /**
   * the read replica (DATABASE_READ_URL), when one is configured: its state and where lag-tolerant reads go. Never
   * part of `status`: with the replica down or behind, those reads go to the primary and the instance serves on.
   */
  readReplica?: ReplicaStatus;
}

/** A readiness check of one process (the worker's queue consumers): true when up. Must answer quickly. */
export type ReadinessCheck = () => boolean | Promise<boolean>;

const CHECK_TIMEOUT_MS = 2000;

const within = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

/**
 * Liveness and readiness. `live`: the process runs and its event loop answers — no dependency is asked, so a
 * Postgres outage never gets every instance restarted. `ready`: Postgres and Redis answer, every extra check
 * (the worker's queues) is up, and the process is not draining.
 */
@Injectable()
export class HealthService {
  private readonly extra = new Map<string, ReadinessCheck>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly redis: RedisClient,
    private readonly shutdown: ShutdownState,
    private readonly reads: ReadDatabase,
  ) {}

  /** Add a readiness check under `name` (shown in `checks`). */
  addCheck(name: string, check: ReadinessCheck): void {
    this.extra.set(name, check);
  }

  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  async check(): Promise<HealthReport> {
    const extra = [...this.extra];
    const [pg, rd, ...rest] = await Promise.allSettled([
      within(this.ds.query('SELECT 1'), CHECK_TIMEOUT_MS),
      within(this.redis.client.ping(), CHECK_TIMEOUT_MS),
      ...extra.map(([, check]) => within(Promise.resolve(check()).then((up) => (up ? 'up' : Promise.reject(new Error('down')))), CHECK_TIMEOUT_MS)),
    ]);
    const up = (r: PromiseSettledResult<unknown>): CheckResult => (r.status === 'fulfilled' ? 'up' : 'down');
    const checks: HealthReport['checks'] = { postgres: up(pg), redis: up(rd) };
    extra.forEach(([name], i) => (checks[name] = up(rest[i])));
    const replica = this.reads.status();
    const readReplica = replica ? { readReplica: replica } : {};
    if (this.shutdown.draining) return { status: 'draining', checks, ...readReplica };
    return { status: Object.values(checks).every((c) => c === 'up') ? 'ok' : 'degraded', checks, ...readReplica };
  }
}
