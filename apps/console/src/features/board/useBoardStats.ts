import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import type { BoardStats } from '@gridops/contracts';
import { msUntilTownMidnight, type DistrictCode } from '@gridops/domain';
import { api } from '../../api/http';
import { useLiveEvent, useLiveState } from '../../live/LiveProvider';
import { BOARD_REFETCH, refetchDelay } from './refetch-throttle';
import { useCaseEventBatches } from './useCaseEventBatches';

export const boardKeys = {
  all: ['board'] as const,
  stats: (district: DistrictCode | null) => ['board', 'stats', district ?? 'town'] as const,
  /** 回放: the board at a past moment (never patched, never refetched: the past does not change) */
  replay: (district: DistrictCode | null, at: number) => ['board-replay', 'stats', district ?? 'town', at] as const,
};

/**
 * The board's figures (KPIs, league, hot categories, action lists, duty) for the town or one 片区. Not polled:
 * refetched when case events arrive — at most every 10 s — after a resync or a reconnect, and at Shanghai midnight
 * when "today" starts again.
 */
export function useBoardStats(district: DistrictCode | null, replayAt: number | null = null) {
  const qc = useQueryClient();
  const key = replayAt === null ? boardKeys.stats(district) : boardKeys.replay(district, replayAt);
  const replaying = useRef(replayAt !== null);
  replaying.current = replayAt !== null;
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) =>
      api<BoardStats>('/stats/board', { query: { district, ...(replayAt === null ? {} : { at: new Date(replayAt).toISOString() }) }, signal }),
    staleTime: Infinity,
    // drilling into a 片区 keeps the previous figures on screen until the new ones arrive (no blank flash)
    placeholderData: keepPreviousData,
    refetchOnWindowFocus: false,
  });

  const lastFetchAt = useRef(0);
  lastFetchAt.current = Math.max(lastFetchAt.current, query.dataUpdatedAt);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refetchAll = useCallback(() => {
    // a replayed wall takes no live updates
    if (replaying.current) return;
    lastFetchAt.current = Date.now();
    void qc.invalidateQueries({ queryKey: boardKeys.all });
  }, [qc]);

  useCaseEventBatches(
    useCallback(() => {
      if (timer.current || replaying.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        refetchAll();
      }, refetchDelay(Date.now(), lastFetchAt.current, BOARD_REFETCH));
    }, [refetchAll]),
  );
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    },
    [],
  );

  // events were missed: the figures are refetched rather than trusted
  useLiveEvent('resync', refetchAll);
  const live = useLiveState();
  const wasAway = useRef(false);
  useEffect(() => {
    if (live === 'reconnecting' || live === 'stale') wasAway.current = true;
    else if (live === 'live' && wasAway.current) {
      wasAway.current = false;
      refetchAll();
    }
  }, [live, refetchAll]);

  // a new day: today's counts start from zero
  useEffect(() => {
    let t: ReturnType<typeof setTimeout>;
    const arm = () => {
      t = setTimeout(() => {
        refetchAll();
        arm();
      }, msUntilTownMidnight(Date.now()) + 2_000);
    };
    arm();
    return () => clearTimeout(t);
  }, [refetchAll]);

  return query;
}
