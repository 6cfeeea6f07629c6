import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { HealthService } from './health/health.service';
import { ShutdownState } from './health/shutdown-state';
import { RedisClient } from './redis/redis.provider';
import { OutboxNotifier } from './outbox/outbox-notifier.service';
import { PoolWarmup } from './database/pool-warmup.service';
import { PgListener } from './database/pg-listener.service';
import { PoolMetrics } from './database/pool-metrics';
import { Metrics } from './metrics/metrics';
import { ReadDatabase } from './read-replica/read-database';

/** Config, Redis, health and shutdown state, metrics, the outbox wake-up and the choice of pool for lag-tolerant reads: what every gridops process needs (Postgres itself: DatabaseModule). */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: PlatformModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, RedisClient, HealthService, ShutdownState, OutboxNotifier, PoolWarmup, PgListener, Metrics, PoolMetrics, ReadDatabase],
      exports: [APP_CONFIG, RedisClient, HealthService, ShutdownState, OutboxNotifier, PgListener, Metrics, ReadDatabase],
    };
  }
}
