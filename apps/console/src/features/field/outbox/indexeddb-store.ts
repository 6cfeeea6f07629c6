import type { OutboxEntry } from './outbox-entry';
import type { OutboxStore } from './outbox-store';

const DB_NAME = 'gridops-field';
const STORE = 'outbox';

const done = <T>(req: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });

/**
 * The outbox in IndexedDB: entries and their photo Blobs together (localStorage holds neither Blobs nor more than a
 * few MB). One object store keyed by the entry's idempotency key.
 */
export class IndexedDbOutboxStore implements OutboxStore {
  private db: Promise<IDBDatabase> | null = null;

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
    });
    return this.db;
  }

  async all(): Promise<OutboxEntry[]> {
    const store = (await this.open()).transaction(STORE, 'readonly').objectStore(STORE);
    return done(store.getAll() as IDBRequest<OutboxEntry[]>);
  }

  put(entry: OutboxEntry): Promise<void> {
    return this.write((s) => s.put(entry));
  }

  delete(key: string): Promise<void> {
    return this.write((s) => s.delete(key));
  }

  /** Resolves when the transaction has committed, not merely when the request succeeded. */
  private async write(fn: (s: IDBObjectStore) => void): Promise<void> {
    const tx = (await this.open()).transaction(STORE, 'readwrite');
    fn(tx.objectStore(STORE));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
    });
  }
}

/** IndexedDB where the browser has it (private modes may not): else memory, and the UI says entries won't survive. */
export function indexedDbAvailable(): boolean {
  return typeof indexedDB !== 'undefined';
}
