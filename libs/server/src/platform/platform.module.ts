import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source';
import { HealthService } from './health/health.service';
import { RedisClient } from './redis/redis.provider';
import { OutboxNotifier } from './outbox/outbox-notifier.service';
import { PoolWarmup } from './database/pool-warmup.service';
import { ProductionGate } from './startup/production-gate';

/** Config, Postgres, Redis and health: what every gridops process needs. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: PlatformModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(config.DATABASE_URL, config.DB_POOL_MAX), retryAttempts: 3, retryDelay: 1000 })],
      providers: [{ provide: APP_CONFIG, useValue: config }, ProductionGate, RedisClient, HealthService, OutboxNotifier, PoolWarmup],
      exports: [APP_CONFIG, RedisClient, HealthService, OutboxNotifier],
    };
  }
}
