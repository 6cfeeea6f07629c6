import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PlatformModule, loadConfig, type AppConfig } from '@gridops/server';

/**
 * The worker: a headless Nest context (no HTTP) that will host the outbox relay and the queue processors
 * (intake, dispatch, sla, closure, notify). Until those land it only proves it can reach Postgres and Redis.
 */
@Module({})
class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: WorkerModule, imports: [PlatformModule.forRoot(config)] };
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config));
  app.enableShutdownHooks();
  console.log('gridops worker ready (no processors yet)');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
