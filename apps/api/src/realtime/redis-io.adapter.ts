import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { liveChannelKey, type AppConfig } from '@gridops/server';
import { ownMessageSkippingParser } from './own-message-parser';

/**
 * socket.io across api instances: an event emitted on one instance (or by the worker's emitter) reaches sockets on
 * all of them through Redis pub/sub. With Redis away, each instance still serves its own sockets; boards recover
 * anything missed by resuming from Postgres.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly pub: Redis;
  private readonly sub: Redis;

  constructor(app: INestApplicationContext, config: AppConfig) {
    super(app);
    this.pub = new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: (n) => Math.min(n * 200, 2000) });
    this.sub = new Redis(config.REDIS_URL, { retryStrategy: (n) => Math.min(n * 200, 2000) });
    this.pub.on('error', () => undefined);
    this.sub.on('error', () => undefined);
    this.key = liveChannelKey(config.REDIS_PREFIX);
    this.corsOrigins = config.CORS_ORIGINS;
  }

  /** the HTTP API's allow-list (CORS_ORIGINS) for socket.io's polling transport too, whatever a gateway declares */
  private readonly corsOrigins: AppConfig['CORS_ORIGINS'];

  private readonly key: string;

  /** Whether a broadcast can reach the other instances now. */
  isReady(): boolean {
    return this.pub.status === 'ready';
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, { ...options, cors: { ...options?.cors, origin: this.corsOrigins } } as ServerOptions) as Server;
    server.adapter(createAdapter(this.pub, this.sub, { key: this.key, parser: ownMessageSkippingParser() }));
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
