import { useCallback, useMemo, useState } from 'react';
import type { CaseEventMessage } from '@gridops/contracts';
import type { DistrictCode } from '@gridops/domain';
import { useCaseList } from '../../api/queries';
import { inDrill, type Drill } from './drill';
import { describeEvent, describeRecentCase, pushNewest, type FeedEntry, type FeedLabels } from './feed';
import { useCaseEventBatches } from './useCaseEventBatches';

export const FEED_SIZE = 30;

/**
 * The last 30 case events, newest on top. Until enough events have arrived the remaining lines show the latest
 * reports (dimmer), so a freshly opened wall is never blank. Drilled into a 片区 or cell, it shows only what
 * happens there. Replays after a reconnect are left out: they are old
 * news, and the map and figures take them in anyway.
 */
export function useLiveFeed(labels: FeedLabels, drill: Drill): FeedEntry[] {
  const [events, setEvents] = useState<CaseEventMessage[]>([]);
  useCaseEventBatches(
    useCallback((batch: CaseEventMessage[]) => {
      const live = batch.filter((m) => !m.replay);
      if (live.length) setEvents((prev) => pushNewest(prev, live, (m) => m.seq, FEED_SIZE));
    }, []),
  );
  const recent = useCaseList({ limit: FEED_SIZE });
  return useMemo(() => {
    const here = (e: FeedEntry) => inDrill({ district: e.districtCode as DistrictCode, grid: e.gridCellCode }, drill);
    const shown = events.map((m) => describeEvent(m, labels)).filter(here);
    const room = FEED_SIZE - shown.length;
    // a case already told by a live line is not told again by a starting line (the list cache is live-patched too)
    const told = new Set(events.map((m) => m.caseId));
    const seeded =
      room > 0 ? (recent.data?.items ?? []).filter((c) => !told.has(c.id)).map((c) => describeRecentCase(c, labels)).filter(here).slice(0, room) : [];
    return [...shown, ...seeded];
  }, [events, recent.data, labels, drill]);
}
