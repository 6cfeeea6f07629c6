import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from '@fastify/helmet';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@gridops/server';
import { ApiModule } from '../app.module';
import { setupOpenApi } from './openapi';
import { serveConsole } from './serve-console';

/** 1 MiB: a report is a few KB of text; photos come through their own upload route. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Build the API app (used by main.ts and by tests, so tests run exactly what users run). */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: config.TRUST_PROXY_HOPS > 0 ? config.TRUST_PROXY_HOPS : false });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api/v1', { exclude: ['health'] });
  await app.register(helmet, { contentSecurityPolicy: false });
  app.enableCors({ origin: true, methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] });
  setupOpenApi(app);
  await serveConsole(app, config.CONSOLE_DIST);
  app.enableShutdownHooks();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
