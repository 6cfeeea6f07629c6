import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import { LIVE_NAMESPACE, type ServerToClientEvents } from '@gridops/contracts';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';
import { producerConnection } from '../platform/queue/redis-connection';
import { liveChannelKey } from './live-channel';
import { LivePublisher } from './live-publisher';

/** The worker's way onto the boards: publishes through Redis to every api instance's socket.io server. */
@Injectable()
export class EmitterPublisher extends LivePublisher implements OnApplicationShutdown {
  private readonly redis: Redis;
  private readonly emitter: Emitter<ServerToClientEvents>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super();
    this.redis = producerConnection(config.REDIS_URL);
    this.emitter = new Emitter<ServerToClientEvents>(this.redis, { key: liveChannelKey(config.REDIS_PREFIX) }).of(LIVE_NAMESPACE);
  }

  protected send(rooms: string[], event: keyof ServerToClientEvents, payload: unknown): void {
    // Redis away: the event is not delivered live (publishing would reject unhandled); boards resume from Postgres
    if (this.redis.status !== 'ready') return;
    try {
      (this.emitter.to(rooms) as unknown as { emit(e: string, ...a: unknown[]): void }).emit(event, payload);
    } catch {
      /* see above */
    }
  }

  onApplicationShutdown(): void {
    this.discardPending();
    this.redis.disconnect();
  }
}
