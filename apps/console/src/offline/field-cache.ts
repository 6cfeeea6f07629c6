import { dehydrate, hydrate, onlineManager, type Query, type QueryClient } from '@tanstack/react-query';
import { readSession } from '../auth/token-store';
import { deleteSavedPhotos } from './photo-cache';
import { deleteAllSnapshots, deleteSnapshot, readSnapshot, snapshotStoreAvailable, writeSnapshot, type QuerySnapshot } from './snapshot-store';

/** A saved snapshot older than this is dropped, not shown: a shift's tasks, not last week's. */
export const FIELD_CACHE_MAX_AGE_MS = 24 * 60 * 60_000;
/** bumped when what is saved changes shape (case views, list pages) */
export const FIELD_CACHE_BUSTER = 'field-1';
/** saves are at most this often (the live client patches lists on every event of the 片区) */
const SAVE_EVERY_MS = 1_000;

/** What a phone needs offline: who is signed in, the case lists and files, names (categories, grid cells) and messages. */
const SAVED_ROOTS = new Set(['me', 'cases', 'directory', 'notifications']);

export function isSavedQuery(q: Pick<Query, 'queryKey' | 'state'>): boolean {
  return q.state.status === 'success' && q.state.data !== undefined && SAVED_ROOTS.has(String(q.queryKey[0]));
}

/**
 * The id of the user whose session this browser holds, read from the access token's `sub` without the network (the
 * token is not verified here: it only picks which of this phone's own snapshots to show; every request is still
 * checked by the api).
 */
export function sessionUserId(): string | null {
  const token = readSession()?.accessToken;
  const payload = token?.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: unknown };
    return typeof claims.sub === 'string' ? claims.sub : null;
  } catch {
    return null;
  }
}

/** A snapshot is shown only to its own user, in the shape this build saves, and while younger than the max age. */
export function snapshotUsable(s: Pick<QuerySnapshot, 'userId' | 'buster' | 'savedAt'>, userId: string, now: number): boolean {
  return s.userId === userId && s.buster === FIELD_CACHE_BUSTER && now - s.savedAt <= FIELD_CACHE_MAX_AGE_MS && s.savedAt <= now + 60_000;
}

/**
 * Puts the signed-in user's saved snapshot into the query cache, before any screen asks for its data; a snapshot of
 * another user, of another shape or older than FIELD_CACHE_MAX_AGE_MS is deleted instead. Returns when it was saved.
 */
export async function restoreFieldCache(qc: QueryClient, userId: string | null, now = Date.now()): Promise<number | null> {
  if (!userId || !snapshotStoreAvailable()) return null;
  try {
    const s = await readSnapshot(userId);
    if (!s) return null;
    if (!snapshotUsable(s, userId, now)) {
      await deleteSnapshot(userId);
      return null;
    }
    hydrate(qc, s.state);
    return s.savedAt;
  } catch {
    return null; // a broken store costs the offline copy, never the app
  }
}

/**
 * Saves the field view's queries for `userId` while it is open: after each change (at most once a second) and when
 * the page is hidden. Returns the stop function.
 */
export function persistFieldCache(qc: QueryClient, userId: string): () => void {
  if (!snapshotStoreAvailable()) return () => undefined;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const save = () => {
    timer = null;
    if (stopped || sessionUserId() !== userId) return; // signed out (or someone else signed in) meanwhile
    const state = dehydrate(qc, { shouldDehydrateQuery: isSavedQuery, shouldDehydrateMutation: () => false });
    void writeSnapshot({ userId, savedAt: Date.now(), buster: FIELD_CACHE_BUSTER, state }).catch(() => undefined);
  };
  const schedule = () => {
    if (!stopped) timer ??= setTimeout(save, SAVE_EVERY_MS);
  };
  const unsubscribe = qc.getQueryCache().subscribe((e) => {
    if ((e.type === 'updated' && e.action.type === 'success') || e.type === 'removed') schedule();
  });
  const onHide = () => {
    if (document.visibilityState === 'hidden' && timer) {
      clearTimeout(timer);
      save();
    }
  };
  document.addEventListener('visibilitychange', onHide);
  schedule();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    unsubscribe();
    document.removeEventListener('visibilitychange', onHide);
  };
}

/** Sign-out and sign-in: nobody's saved tasks or photos stay for the next person on the phone. */
export async function clearOfflineData(): Promise<void> {
  await Promise.all([snapshotStoreAvailable() ? deleteAllSnapshots().catch(() => undefined) : undefined, deleteSavedPhotos().catch(() => undefined)]);
}

/**
 * TanStack Query starts out believing it is online; a page opened without coverage would then try every query three
 * times and end in errors. Told the truth, its queries wait (paused) and show what was restored.
 */
export function syncOnlineManager(): void {
  if (typeof navigator !== 'undefined') onlineManager.setOnline(navigator.onLine);
}
