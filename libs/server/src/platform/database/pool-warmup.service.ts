import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/** Tables every report touches: a new connection reads their catalog entries once, on its first statement. */
const HOT_TABLES = ['cases', 'case_events', 'outbox', 'idempotency_keys', 'case_number_counters', 'notifications', 'duty_roster', 'users', 'categories'];

/**
 * Opens the whole connection pool at boot and has each connection plan one statement over the hot tables. Without
 * it the first burst after a start (or after a quiet spell) paid for new Postgres backends — a fork, then a cold
 * catalog cache per table — in the middle of the burst: at 200 reports/s the first 30 s showed p99 0.5–1.4 s
 * against ~0.1–0.2 s once warm (docs/benchmarks.md). Best effort: a failure only logs.
 */
@Injectable()
export class PoolWarmup implements OnApplicationBootstrap {
  private readonly logger = new Logger('database');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const runners = Array.from({ length: this.config.DB_POOL_MAX }, () => this.ds.createQueryRunner());
    try {
      // all at once, so the pool has to open every connection rather than reuse the first
      await Promise.all(runners.map((r) => r.connect()));
      await Promise.all(runners.map((r) => r.query(`SELECT 1 FROM ${HOT_TABLES.join(', ')} LIMIT 0`)));
    } catch (err) {
      this.logger.warn(`pool warm-up incomplete: ${(err as Error).message}`);
    } finally {
      await Promise.all(runners.map((r) => r.release().catch(() => undefined)));
    }
  }
}
