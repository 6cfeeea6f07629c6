import type { DehydratedState } from '@tanstack/react-query';

/**
 * The field view's saved query cache (#15 item 13): one snapshot per signed-in user in IndexedDB (database
 * `gridops-field-cache`, store `snapshots`, keyed by the user's id), so a worker who reopens or reloads the phone
 * without coverage still has their tasks. Kept apart from the outbox's database (`gridops-field`): clearing what was
 * read never touches what the worker still has to send.
 */
export interface QuerySnapshot {
  userId: string;
  /** epoch ms of the last save */
  savedAt: number;
  /** the shape of what is saved; a snapshot of another shape is dropped, not read */
  buster: string;
  state: DehydratedState;
}

const DB_NAME = 'gridops-field-cache';
const STORE = 'snapshots';

const done = <T>(req: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });

let db: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  db ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'userId' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
  }).catch((e: unknown) => {
    db = null;
    throw e;
  });
  return db;
}

async function write(fn: (s: IDBObjectStore) => void): Promise<void> {
  const tx = (await open()).transaction(STORE, 'readwrite');
  fn(tx.objectStore(STORE));
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
  });
}

export const snapshotStoreAvailable = (): boolean => typeof indexedDB !== 'undefined';

export async function readSnapshot(userId: string): Promise<QuerySnapshot | undefined> {
  const store = (await open()).transaction(STORE, 'readonly').objectStore(STORE);
  return done(store.get(userId) as IDBRequest<QuerySnapshot | undefined>);
}

export const writeSnapshot = (s: QuerySnapshot): Promise<void> => write((store) => store.put(s));

export const deleteSnapshot = (userId: string): Promise<void> => write((store) => store.delete(userId));

/** Every user's snapshot: at sign-out and at every sign-in (a shared phone keeps nobody's tasks for the next person). */
export const deleteAllSnapshots = (): Promise<void> => write((store) => store.clear());
