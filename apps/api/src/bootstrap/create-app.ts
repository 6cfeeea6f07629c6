import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from '@fastify/helmet';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@gridops/server';
import { ApiModule } from '../app.module';
import { OPENAPI_PATH, setupOpenApi } from './openapi';
import { RedisIoAdapter } from '../realtime/redis-io.adapter';
import { GatewayPublisher } from '../realtime/gateway-publisher';
import { serveConsole } from './serve-console';
import { adminOnly, mountQueueBoard } from './queue-board';
import { setupMultipart } from './multipart';
import { setupMetrics } from './metrics';
import { routeBodyLimits } from './route-body-limits';

/** 1 MiB: a report is a few KB of text; photos come through their own upload route. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Build the API app (used by main.ts and by tests, so tests run exactly what users run). */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: (_address: string, hop: number) => hop < config.TRUST_PROXY_HOPS,
    // errors of Fastify's router (an over-long path segment, a bad %-encoding) leave in the one error shape too
    frameworkErrors: (err: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
      const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
      void reply.status(status).send({ error: { code: status === 414 ? 'URI_TOO_LONG' : 'BAD_REQUEST', message: 'the request URL is malformed or too long' } });
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), adapter, { bufferLogs: true });
  try {
    await configure(app, config);
  } catch (err) {
    // a refusal (production checks) or a failure half-way: release the pool, Redis and sockets before saying so
    await app.close().catch(() => undefined);
    throw err;
  }
  return app;
}

async function configure(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  app.useLogger(app.get(Logger));
  routeBodyLimits(app);
  setupMetrics(app, config);
  const ioAdapter = new RedisIoAdapter(app, config);
  app.useWebSocketAdapter(ioAdapter);
  app.get(GatewayPublisher).useRedisStatus(() => ioAdapter.isReady());
  // Open311 GeoReport v2 lives beside the versioned API, not under it (architecture.md §4). Its form-encoded POSTs
  // need no extra parser: Nest's Fastify adapter parses application/x-www-form-urlencoded (proto-poisoning checked).
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'health/live', 'health/ready', 'open311/v2/{*path}'] });
  await setupMultipart(app, config);
  await app.register(helmet, { contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY } });
  app.enableCors({ origin: config.CORS_ORIGINS, methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] });
  if (config.API_DOCS) {
    // in production (API_DOCS=true asked for by name) the docs are for admins: the queue board's sign-in guards them
    if (config.NODE_ENV === 'production') adminOnly(app, OPENAPI_PATH, 'gridops API docs');
    setupOpenApi(app);
  }
  await mountQueueBoard(app);
  await serveConsole(app, config.CONSOLE_DIST);
  // no enableShutdownHooks: main.ts drains on SIGTERM/SIGINT (gracefulShutdown), tests close the app themselves
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
}

/**
 * The console's Content-Security-Policy, on every answer: scripts only from our own origin (the Vite bundle has no
 * inline script), no plugins, no framing. antd writes its CSS-in-JS into <style> elements, hence 'unsafe-inline' for
 * styles only; photos preview from blob: URLs; the map, tiles and fonts are bundled. No upgrade-insecure-requests:
 * a plain-HTTP install (a dev machine, an intranet behind no TLS) would lose its own assets.
 */
export const CONTENT_SECURITY_POLICY: Record<string, string[]> = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
};
