import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import type { ServerToClientEvents } from '@gridops/contracts';
import { LivePublisher } from '@gridops/server';

/** The api's publisher: its own `/live` namespace, which the Redis adapter spreads to every instance. */
@Injectable()
export class GatewayPublisher extends LivePublisher implements OnApplicationShutdown {
  private readonly logger = new Logger('live');
  private ns: Namespace | null = null;
  private redisReady: () => boolean = () => true;

  attach(ns: Namespace): void {
    this.ns = ns;
  }

  /** Whether the Redis adapter can publish; while it can't, events go to this instance's sockets only. */
  useRedisStatus(ready: () => boolean): void {
    this.redisReady = ready;
  }

  onApplicationShutdown(): void {
    this.discardPending();
  }

  protected send(rooms: string[], event: keyof ServerToClientEvents, payload: unknown): void {
    if (!this.ns) return;
    try {
      // with Redis away the adapter's publish would reject unhandled; boards elsewhere resume from Postgres later
      const target = this.redisReady() ? this.ns.to(rooms) : this.ns.local.to(rooms);
      target.emit(event, payload);
    } catch (err) {
      this.logger.warn(`emit ${event} failed: ${(err as Error).message}`);
    }
  }
}
