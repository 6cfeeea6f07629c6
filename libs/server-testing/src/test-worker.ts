import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { EmitterPublisher, PipelineWorkerModule, DatabaseModule, PlatformModule, RealtimeModule, type AppConfig } from '@gridops/server';

@Module({})
class TestWorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: TestWorkerModule, imports: [PlatformModule.forRoot(config), DatabaseModule.forRoot(config), RealtimeModule.forRoot(EmitterPublisher), PipelineWorkerModule] };
  }
}

/** The worker's modules (relay + processors) in this process, for pipeline tests that don't need a crash. */
export async function startInProcessWorker(config: AppConfig): Promise<INestApplicationContext> {
  const ctx = await NestFactory.createApplicationContext(TestWorkerModule.forRoot(config), { logger: false });
  await ctx.init();
  return ctx;
}
