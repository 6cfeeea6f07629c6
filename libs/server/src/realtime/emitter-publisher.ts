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
    // the events of one write are emitted in one go: auto-pipelining sends their PUBLISHes in one socket write.
    // (Not in the api's adapter: its publishes are not guarded there, and a pipeline that fails as Redis goes away
    // would reject unhandled; here the worker's handler logs it, and the boards resume from Postgres.)
    this.redis = producerConnection(config.REDIS_URL, { enableAutoPipelining: true });
    // the emitter only PUBLISHes and drops the promise: a publish queued for the next pipeline flush rejects when the
    // connection stops being writable meanwhile (a reconnect, shutdown) — unhandled, it would take the process down
    // or, in tests, fail whatever runs then. Caught here; the boards resume from Postgres.
    const publishOnly = { publish: (channel: string, message: string | Buffer) => this.redis.publish(channel, message).catch(() => 0) };
    this.emitter = new Emitter<ServerToClientEvents>(publishOnly as unknown as Redis, { key: liveChannelKey(config.REDIS_PREFIX) }).of(LIVE_NAMESPACE);
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
