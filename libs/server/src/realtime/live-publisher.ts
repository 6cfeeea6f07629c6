import { LIVE_BATCH_WINDOW_MS, type CaseEventMessage, type ServerToClientEvents } from '@gridops/contracts';
import { batchRoom, batchedTwins } from './live-rooms';

type EventName = keyof ServerToClientEvents;

/**
 * Sends an event to socket.io rooms across every api instance. The api implements `send` with its own server
 * (through the Redis adapter), the worker with the Redis emitter; code that produces events doesn't care which.
 *
 * Case events go out twice: one message each to the plain rooms (any socket.io client), and grouped per room into
 * one `case.batch` frame per LIVE_BATCH_WINDOW_MS to the batched twins (the console). Other events (alerts, queue
 * figures, notifications) go to both kinds of room at once.
 */
export abstract class LivePublisher {
  private readonly pending = new Map<string, CaseEventMessage[]>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  protected abstract send(rooms: string[], event: EventName, payload: unknown): void;

  emit<E extends EventName>(rooms: string[], event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    if (rooms.length === 0) return;
    const payload: unknown = args[0];
    if (event === 'case.created' || event === 'case.updated') {
      this.send(rooms, event, payload);
      for (const room of batchedTwins(rooms)) {
        const list = this.pending.get(room);
        if (list) list.push(payload as CaseEventMessage);
        else this.pending.set(room, [payload as CaseEventMessage]);
      }
      if (!this.flushTimer) {
        this.flushTimer = setTimeout(() => this.flush(), LIVE_BATCH_WINDOW_MS);
        this.flushTimer.unref?.();
      }
      return;
    }
    this.send([...rooms, ...rooms.filter((r) => !r.startsWith('user:')).map(batchRoom)], event, payload);
  }

  /** Send what the window gathered, one frame per room. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const batches = [...this.pending];
    this.pending.clear();
    for (const [room, messages] of batches) this.send([room], 'case.batch', messages);
  }

  /**
   * On shutdown: drop what waits (at most one window). Publishing now would race the Redis connection closing;
   * boards miss nothing for good — they resume from case_events on reconnect, as after any lost message.
   */
  discardPending(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.pending.clear();
  }
}
