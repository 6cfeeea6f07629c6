import { Injectable, Logger } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import type { ServerToClientEvents } from '@gridops/contracts';
import { LivePublisher } from '@gridops/server';

/** The api's publisher: its own `/live` namespace, which the Redis adapter spreads to every instance. */
@Injectable()
export class GatewayPublisher extends LivePublisher {
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

  emit<E extends keyof ServerToClientEvents>(rooms: string[], event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    if (!this.ns || rooms.length === 0) return;
    try {
      // with Redis away the adapter's publish would reject unhandled; boards elsewhere resume from Postgres later
      const target = this.redisReady() ? this.ns.to(rooms) : this.ns.local.to(rooms);
      target.emit(event, ...(args as unknown[]));
    } catch (err) {
      this.logger.warn(`emit ${event} failed: ${(err as Error).message}`);
    }
  }
}
