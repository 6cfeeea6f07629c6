import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { EmitterPublisher, PipelineWorkerModule, DatabaseModule, PlatformModule, RealtimeModule, type AppConfig } from '@gridops/server';

/** The worker: a headless Nest context (no HTTP) running the outbox relay and the queue processors. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [LoggerModule.forRoot({ pinoHttp: { level: config.LOG_LEVEL } }), PlatformModule.forRoot(config), DatabaseModule.forRoot(config), RealtimeModule.forRoot(EmitterPublisher), PipelineWorkerModule],
    };
  }
}
