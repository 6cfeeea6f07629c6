import type { TokenPair } from '@gridops/contracts';

/**
 * The signed-in session, kept in localStorage so a wall board survives a reload or a power cut of its PC.
 * Listeners hear sign-in and sign-out (also from another tab).
 */
const KEY = 'gridops.session';

export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** epoch ms when the access token expires */
  expiresAt: number;
}

type Listener = (s: StoredSession | null) => void;
const listeners = new Set<Listener>();

export function readSession(): StoredSession | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as StoredSession;
    return typeof s.accessToken === 'string' && typeof s.refreshToken === 'string' ? s : null;
  } catch {
    return null;
  }
}

export function writeSession(pair: TokenPair | null): StoredSession | null {
  const s = pair ? { accessToken: pair.accessToken, refreshToken: pair.refreshToken, expiresAt: Date.now() + pair.expiresIn * 1000 } : null;
  if (s) localStorage.setItem(KEY, JSON.stringify(s));
  else localStorage.removeItem(KEY);
  listeners.forEach((fn) => fn(s));
  return s;
}

export function onSessionChange(fn: Listener): () => void {
  listeners.add(fn);
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY) fn(readSession());
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(fn);
    window.removeEventListener('storage', onStorage);
  };
}
