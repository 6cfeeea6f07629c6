import type { OutboxEntry } from './outbox-entry';

/** Where the outbox keeps its entries; IndexedDB in the browser (indexeddb-store.ts), memory in tests. */
export interface OutboxStore {
  all(): Promise<OutboxEntry[]>;
  put(entry: OutboxEntry): Promise<void>;
  delete(key: string): Promise<void>;
}

/** An in-memory store; entries are copied in and out, as a real store would, so no caller shares objects with it. */
export class MemoryOutboxStore implements OutboxStore {
  private readonly rows = new Map<string, OutboxEntry>();

  async all(): Promise<OutboxEntry[]> {
    return [...this.rows.values()].map(copy);
  }

  async put(entry: OutboxEntry): Promise<void> {
    this.rows.set(entry.key, copy(entry));
  }

  async delete(key: string): Promise<void> {
    this.rows.delete(key);
  }
}

// Blobs are immutable, so a shallow copy of each photo is a faithful copy
const copy = (e: OutboxEntry): OutboxEntry => ({ ...e, body: { ...e.body }, photos: e.photos.map((p) => ({ ...p })), lastError: e.lastError && { ...e.lastError } }) as OutboxEntry;
