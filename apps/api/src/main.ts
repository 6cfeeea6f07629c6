import 'reflect-metadata';
import { StartupRefused, gracefulShutdown, loadConfig } from '@gridops/server';
import { createApp } from './bootstrap/create-app';
import { stopServing } from './bootstrap/stop-serving';

// a stray rejected promise (a lost Redis publish, say) must not take down a process serving everyone else
process.on('unhandledRejection', (reason) => console.error(`unhandled rejection in %s: %s`, 'api', reason instanceof Error ? reason.message : String(reason)));

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen({ port: config.PORT, host: config.HOST });
  // SIGTERM/SIGINT: ready turns 503 `draining`, sockets are told to go, requests in flight finish, exit 0
  gracefulShutdown(app, { name: 'api', timeoutMs: config.SHUTDOWN_TIMEOUT_MS, stopServing: () => stopServing(app, config) });
}

main().catch((err: unknown) => {
  // a refusal is for an operator to read: what to set, not a stack trace
  console.error(err instanceof StartupRefused ? err.message : err);
  process.exit(1);
});
