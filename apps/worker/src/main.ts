import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '@gridops/server';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  // printed whatever LOG_LEVEL says: start scripts and tests wait for this line
  process.stdout.write('gridops worker ready: outbox relay and queues intake, dispatch, sla, closure, notify\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
