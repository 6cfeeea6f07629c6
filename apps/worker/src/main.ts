import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { HealthService, StartupRefused, gracefulShutdown, loadConfig } from '@gridops/server';
import { WorkerModule } from './worker.module';
import { closeHealthServer, startHealthServer } from './health-server';

// a stray rejected promise (a lost Redis publish, say) must not take down a process serving everyone else
process.on('unhandledRejection', (reason) => console.error(`unhandled rejection in %s: %s`, 'worker', reason instanceof Error ? reason.message : String(reason)));

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.init();
  const healthServer = config.WORKER_HEALTH_PORT > 0 ? await startHealthServer(app.get(HealthService), config.WORKER_HEALTH_PORT, config.HOST) : null;
  // SIGTERM/SIGINT: ready turns 503 `draining`, no new job is taken, running jobs and the relay's batch finish, exit 0
  gracefulShutdown(app, {
    name: 'worker',
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    finally: async () => {
      if (healthServer) await closeHealthServer(healthServer);
    },
  });
  const health = healthServer ? `; health on port ${(healthServer.address() as AddressInfo).port}` : '';
  // printed whatever LOG_LEVEL says: start scripts and tests wait for this line
  process.stdout.write(`gridops worker ready: outbox relay and queues intake, dispatch, sla, closure, notify${health}\n`);
}

main().catch((err: unknown) => {
  // a refusal is for an operator to read: what to set, not a stack trace
  console.error(err instanceof StartupRefused ? err.message : err);
  process.exit(1);
});
