import { useQuery, useQueryClient } from '@tanstack/react-query';
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
export function useOpenMap() {
  const qc = useQueryClient();
  const recent = useRef<{ at: number; c: CaseSummary }[]>([]);

  const query = useQuery({
    queryKey: openMapKey,
    queryFn: async ({ signal }) => {
      const started = Date.now();
      const raw = await api<OpenMap>('/cases/open-map', { signal });
      performance.mark('board:open-map-loaded');
      // events that arrived while the snapshot was in flight may be newer than it: apply them on top
      const late = recent.current.filter((e) => e.at >= started).map((e) => e.c);
      return patchOpenMap(fromOpenMap(raw), late).state;
    },
    staleTime: Infinity,
    gcTime: 5 * 60_000,
    structuralSharing: false,
    refetchOnWindowFocus: false,
  });

  useCaseEventBatches(
    useCallback(
      (batch: CaseEventMessage[], receivedAt: { first: number; last: number }) => {
        const now = Date.now();
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
