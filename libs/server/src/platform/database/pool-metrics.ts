import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Metrics } from '../metrics/metrics';

/** The part of pg's Pool the gauges read: no query, just its counters. */
interface PgPoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** Tells the metrics how busy this process's Postgres pool is (gridops_pg_pool_connections), read on scrape. */
@Injectable()
export class PoolMetrics implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.metrics.provide({
      pool: () => {
        // TypeORM's Postgres driver keeps pg's Pool as `master`
        const pool = (this.ds.driver as unknown as { master?: PgPoolCounts }).master;
        if (!pool) return { inUse: 0, idle: 0, waiting: 0 };
        return { inUse: pool.totalCount - pool.idleCount, idle: pool.idleCount, waiting: pool.waitingCount };
      },
    });
  }
}
