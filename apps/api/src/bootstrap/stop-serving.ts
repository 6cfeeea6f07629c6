import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';
import type { AppConfig } from '@gridops/server';
import { LiveGateway } from '../realtime/live.gateway';

/** how often idle keep-alive connections are closed while the requests in flight finish */
const REAP_IDLE_MS = 50;

/**
 * The api's part of a graceful shutdown (gracefulShutdown bounds it). `/health/ready` already answers 503 `draining`;
 * for `SHUTDOWN_DELAY_MS` it keeps serving so a load balancer takes it out of rotation, then it closes every
 * websocket (the live client reconnects elsewhere and resumes), stops listening, and waits for the requests in
 * flight: a keep-alive connection is closed as soon as its request has been answered.
 */
export async function stopServing(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  if (config.SHUTDOWN_DELAY_MS > 0) await new Promise((r) => setTimeout(r, config.SHUTDOWN_DELAY_MS));
  const server = app.getHttpServer() as Server;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  app.get(LiveGateway).disconnectAll();
  const reaper = setInterval(() => server.closeIdleConnections(), REAP_IDLE_MS);
  server.closeIdleConnections();
  try {
    await closed;
  } finally {
    clearInterval(reaper);
  }
}
