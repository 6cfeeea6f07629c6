import { useQuery } from '@tanstack/react-query';
import type { HotspotList } from '@gridops/contracts';
import type { Role } from '@gridops/domain';
import { api } from '../../api/http';

/** Roles the API lists hotspots to (GET /hotspots). */
export const HOTSPOT_READERS: readonly Role[] = ['operator', 'shift_lead', 'supervisor', 'admin'];

/** How often the board asks again: hotspots form over days, a minute late is on time. */
const REFRESH_MS = 60_000;

/**
 * 高发点位 in the caller's scope (the API keeps a 片区-bound user to their 片区), refreshed every minute. `live`
 * false (a replayed board) asks nothing: hotspots are found now, not at a past moment.
 */
export function useHotspots(role: Role, live = true) {
  return useQuery({
    queryKey: ['hotspots'],
    queryFn: ({ signal }) => api<HotspotList>('/hotspots', { signal }),
    enabled: live && HOTSPOT_READERS.includes(role),
    refetchInterval: REFRESH_MS,
    staleTime: REFRESH_MS / 2,
    refetchOnWindowFocus: false,
  });
}
