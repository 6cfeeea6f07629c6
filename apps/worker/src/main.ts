import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { StartupRefused, loadConfig } from '@gridops/server';
import { WorkerModule } from './worker.module';

// a stray rejected promise (a lost Redis publish, say) must not take down a process serving everyone else
process.on('unhandledRejection', (reason) => console.error(`unhandled rejection in %s: %s`, 'worker', reason instanceof Error ? reason.message : String(reason)));

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
  // a refusal is for an operator to read: what to set, not a stack trace
  console.error(err instanceof StartupRefused ? err.message : err);
  process.exit(1);
});
