import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';
import type { CaseEventMessage, CaseSummary, OpenMap } from '@gridops/contracts';
import { caseKeys } from '@gridops/live-client';
import { api } from '../../api/http';
import { recordFlush } from './board-metrics';
import { fromOpenMap, patchOpenMap, type OpenMapState } from './open-map-store';
import { useCaseEventBatches } from './useCaseEventBatches';

/**
 * Under the case keys on purpose: when the socket was away too long the live client refetches everything under
 * `['cases']` (resync), and this snapshot with it.
 */
export const openMapKey = [...caseKeys.all, 'open-map'] as const;

/** Events of the last minute are kept to be replayed onto a snapshot that was being fetched while they arrived. */
const REPLAY_WINDOW_MS = 60_000;
const REPLAY_MAX = 5000;

/**
 * Every open case of the caller's scope (the API limits a 片区-bound user to their 片区), fetched once and then
 * patched from live events in batches — no polling.
 */
export function useOpenMap(replayAt: number | null = null) {
  const qc = useQueryClient();
  const recent = useRef<{ at: number; c: CaseSummary }[]>([]);

  const query = useQuery({
    // 回放: a key of its own, outside the case keys — never patched from the socket, never resynced
    queryKey: replayAt === null ? openMapKey : (['board-replay', 'open-map', replayAt] as const),
    queryFn: async ({ signal }) => {
      if (replayAt !== null) return fromOpenMap(await api<OpenMap>('/cases/open-map', { query: { at: new Date(replayAt).toISOString() }, signal }));
      const started = Date.now();
      const raw = await api<OpenMap>('/cases/open-map', { signal });
      performance.mark('board:open-map-loaded');
      // events that arrived while the snapshot was in flight may be newer than it: apply them on top
      const late = recent.current.filter((e) => e.at >= started).map((e) => e.c);
      return patchOpenMap(fromOpenMap(raw), late).state;
    },
    staleTime: Infinity,
    gcTime: replayAt === null ? 5 * 60_000 : 30_000,
    structuralSharing: false,
    // a playing replay keeps the pins of the moment before on screen until the next moment's arrive
    placeholderData: replayAt === null ? undefined : keepPreviousData,
    refetchOnWindowFocus: false,
  });

  useCaseEventBatches(
    useCallback(
      (batch: CaseEventMessage[], receivedAt: { first: number; last: number }) => {
        const now = Date.now();
        // kept while replaying too (the live snapshot stays patched underneath), but only the live key is touched
        const cases = batch.map((m) => m.case);
        const log = recent.current;
        for (const c of cases) log.push({ at: now, c });
        while (log.length > REPLAY_MAX || (log.length > 0 && now - log[0].at > REPLAY_WINDOW_MS)) log.shift();
        const t0 = performance.now();
        qc.setQueryData<OpenMapState>(openMapKey, (old) => (old ? patchOpenMap(old, cases).state : old));
        recordFlush(batch.length, receivedAt.first, receivedAt.last, t0, performance.now() - t0);
      },
      [qc],
    ),
  );
  return query;
}
