import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { ServerToClientEvents } from '@gridops/contracts';
import { createLiveClient, type LiveClient, type LiveState } from '@gridops/live-client';
import { accessToken, refreshAccessToken } from '../api/http';

const LiveContext = createContext<LiveClient | null>(null);

/**
 * One socket per signed-in console (namespace /live, same token as REST). It resumes from the last seq on every
 * reconnect and patches the case caches itself; screens subscribe to events for feeds and alerts.
 */
export function LiveProvider({ userId, children }: { userId: string; children: ReactNode }) {
  const qc = useQueryClient();
  const [client, setClient] = useState<LiveClient | null>(null);
  useEffect(() => {
    // after the server closed the socket (token expired, user changed) or refused it, a refreshed token
    const getToken = async ({ fresh }: { fresh: boolean }) => (await (fresh ? refreshAccessToken() : accessToken())) ?? '';
    const c = createLiveClient({ origin: window.location.origin, getToken, queryClient: qc, userId });
    // a new map of 片区 and grid cells (docs/geography.md): every screen draws and names the new outlines
    c.on('geography.changed', () => void qc.invalidateQueries({ queryKey: ['directory'] }));
    setClient(c);
    return () => c.close();
  }, [qc, userId]);
  return <LiveContext.Provider value={client}>{children}</LiveContext.Provider>;
}

export function useLiveClient(): LiveClient | null {
  return useContext(LiveContext);
}

/** live / reconnecting / stale, re-rendering when it changes. */
export function useLiveState(): LiveState {
  const client = useLiveClient();
  return useSyncExternalStore(
    (fn) => client?.onState(fn) ?? (() => undefined),
    () => client?.state ?? 'connecting',
  );
}

/** Subscribe a screen to one live event while it is shown. Pass a stable handler (useCallback). */
export function useLiveEvent<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): void {
  const client = useLiveClient();
  useEffect(() => (client ? client.on(event, handler) : undefined), [client, event, handler]);
}
