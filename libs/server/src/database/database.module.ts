import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../platform/config/app-config';
import { dataSourceOptions } from './data-source';
import { ProductionGate } from './production-gate';

/**
 * The connection to Postgres with every module's entities. It lives above the feature modules (it names all their
 * entities), so platform/ stays at the bottom; TypeORM's DataSource it provides is global to the app.
 */
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(config.DATABASE_URL, config.DB_POOL_MAX), retryAttempts: 3, retryDelay: 1000 })],
      // in production, refuses to start on demo data or an over-privileged database role (production-gate.ts)
      providers: [ProductionGate],
    };
  }
}
