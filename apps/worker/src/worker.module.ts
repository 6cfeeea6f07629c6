import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { EmitterPublisher, PipelineWorkerModule, DatabaseModule, PlatformModule, RealtimeModule, type AppConfig } from '@gridops/server';

/**
 * The worker: a headless Nest context (no HTTP) running the outbox relay and the queue processors. It opens no read
 * replica pool: every read it makes decides a write, so all of them go to the primary (docs/read-replica.md).
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [LoggerModule.forRoot({ pinoHttp: { level: config.LOG_LEVEL } }), PlatformModule.forRoot({ ...config, DATABASE_READ_URL: undefined }), DatabaseModule.forRoot(config), RealtimeModule.forRoot(EmitterPublisher), PipelineWorkerModule],
    };
  }
}
