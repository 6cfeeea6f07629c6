import type { ServerToClientEvents } from '@gridops/contracts';

/**
 * Sends an event to socket.io rooms across every api instance. The api implements it with its own server (through
 * the Redis adapter), the worker with the Redis emitter; code that produces events doesn't care which.
 */
export abstract class LivePublisher {
  abstract emit<E extends keyof ServerToClientEvents>(rooms: string[], event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
}
