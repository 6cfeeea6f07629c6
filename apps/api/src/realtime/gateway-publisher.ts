import { Injectable, Logger } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import type { ServerToClientEvents } from '@gridops/contracts';
import { LivePublisher } from '@gridops/server';

/** The api's publisher: its own `/live` namespace, which the Redis adapter spreads to every instance. */
@Injectable()
export class GatewayPublisher extends LivePublisher {
  private readonly logger = new Logger('live');
  private ns: Namespace | null = null;

  attach(ns: Namespace): void {
    this.ns = ns;
  }

  emit<E extends keyof ServerToClientEvents>(rooms: string[], event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    if (!this.ns || rooms.length === 0) return;
    try {
      this.ns.to(rooms).emit(event, ...(args as unknown[]));
    } catch (err) {
      this.logger.warn(`emit ${event} failed: ${(err as Error).message}`);
    }
  }
}
