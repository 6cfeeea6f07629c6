import type { CaseSummary, OpenMap } from '@gridops/contracts';
import { isOpenState, type CaseState, type DistrictCode, type Light, type Priority } from '@gridops/domain';

/** One open case on the board map: the open-map row, parsed once (times as epoch ms for cheap comparisons). */
export interface Pin {
  id: string;
  number: string;
  lng: number;
  lat: number;
  light: Light | null;
  state: CaseState;
  category: string;
  district: DistrictCode;
  grid: string;
  priority: Priority;
  supervised: boolean;
  /** when it was reported (epoch ms): new pins pulse for a minute */
  createdAt: number;
  /** when the running clock is due (epoch ms), null when no clock runs */
  dueAt: number | null;
  /** the case version this pin shows; null for rows of the snapshot (the open-map answer carries no version) */
  version: number | null;
}

/**
 * The open cases of the caller's scope, as the board holds them: the `GET /cases/open-map` snapshot, patched from
 * `case.created` / `case.updated` events (style rule 11: events patch, gaps refetch).
 */
export interface OpenMapState {
  pins: ReadonlyMap<string, Pin>;
  /**
   * Cases taken off the map (closed or void) with the version that took them off, so a late, older event of the
   * same case cannot put a ghost pin back. Bounded (oldest forgotten first).
   */
  gone: ReadonlyMap<string, number>;
  /** open cases in scope according to the server, kept in step with adds and removals */
  total: number;
  /** the server cut the snapshot at OPEN_MAP_CAP (the most urgent were kept) */
  truncated: boolean;
  generatedAt: string;
  /**
   * The seq the snapshot was read at (patches leave it): the live client resumes from the oldest snapshot in the
   * cache when it reconnects before any live event arrived (libs/live-client `resumePoint`).
   */
  seq: string;
}

/** How many removed cases are remembered for ordering; far more than can be in flight at once. */
export const GONE_MEMORY = 5000;

const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

export function fromOpenMap(m: OpenMap): OpenMapState {
  const pins = new Map<string, Pin>();
  for (const [id, number, lng, lat, light, state, category, district, grid, priority, supervised, createdAt, dueAt] of m.rows) {
    pins.set(id, { id, number, lng, lat, light, state, category, district, grid, priority, supervised, createdAt: Date.parse(createdAt), dueAt: ms(dueAt), version: null });
  }
  return { pins, gone: new Map(), total: m.total, truncated: m.truncated, generatedAt: m.generatedAt, seq: m.seq };
}

export function pinFromSummary(c: CaseSummary): Pin {
  return {
    id: c.id,
    number: c.number,
    lng: c.location.lng,
    lat: c.location.lat,
    light: c.light,
    state: c.state,
    category: c.categoryCode,
    district: c.districtCode,
    grid: c.gridCellCode,
    priority: c.priority,
    supervised: c.supervised,
    createdAt: Date.parse(c.reportedAt),
    dueAt: ms(c.clockDueAt),
    version: c.version,
  };
}

export interface PatchResult {
  state: OpenMapState;
  /** pins added, moved/recoloured, removed; a batch of stale or duplicate events changes nothing */
  added: number;
  updated: number;
  removed: number;
}

/**
 * Apply a batch of case summaries (from live events, in arrival order) to the map: a new open case is added, a
 * changed one replaced (moved, recoloured, new state), a closed or void one removed. A summary whose version is not
 * newer than what the board already knows of that case is ignored — events of two processes can arrive crossed,
 * and replays after a reconnect repeat what was seen. The input state is not modified; when nothing changes the
 * same state object comes back (so React and TanStack Query see no change).
 */
export function patchOpenMap(state: OpenMapState, cases: readonly CaseSummary[]): PatchResult {
  let pins: Map<string, Pin> | null = null;
  let gone: Map<string, number> | null = null;
  let added = 0;
  let updated = 0;
  let removed = 0;
  const pinsNow = () => (pins ??= new Map(state.pins));
  const goneNow = () => (gone ??= new Map(state.gone));

  for (const c of cases) {
    const current = (pins ?? state.pins).get(c.id);
    const removedAt = (gone ?? state.gone).get(c.id);
    const known = current?.version ?? removedAt ?? null;
    if (known !== null && c.version <= known) continue;
    if (isOpenState(c.state)) {
      pinsNow().set(c.id, pinFromSummary(c));
      if (removedAt !== undefined) goneNow().delete(c.id); // reopened (a dissatisfied callback sends it to rework)
      if (current) updated++;
      else added++;
    } else {
      if (current) {
        pinsNow().delete(c.id);
        removed++;
      }
      const g = goneNow();
      g.delete(c.id);
      g.set(c.id, c.version);
      if (g.size > GONE_MEMORY) g.delete(g.keys().next().value as string);
    }
  }
  if (!pins && !gone) return { state, added, updated, removed };
  return {
    state: {
      ...state,
      pins: pins ?? state.pins,
      gone: gone ?? state.gone,
      total: Math.max(0, state.total + added - removed),
    },
    added,
    updated,
    removed,
  };
}

/** The light a pin shows at `now`: the server's, except that a clock past its due instant is red whatever it said. */
export function pinLight(p: Pin, now: number): Light | null {
  if (p.dueAt !== null && now >= p.dueAt) return 'red';
  return p.light;
}

/** States where the fix is reported and the case waits for its check or closure (已处置待核查/待结案). */
export const FIXED_STATES: readonly CaseState[] = ['HANDLED', 'SELF_DISPOSED', 'PENDING_CHECK', 'PENDING_CLOSE'];

/**
 * The colour group a pin is drawn in (pins are coloured by light and state, domain.md §8): overdue stays red
 * whatever happens; a fixed case waiting for its check turns blue, so the wall shows work done but not yet closed;
 * else its traffic light, grey when no clock runs.
 */
export function pinLayer(p: Pin, now: number): Light | 'fixed' | 'none' {
  const light = pinLight(p, now);
  if (light === 'red') return 'red';
  if (FIXED_STATES.includes(p.state)) return 'fixed';
  return light ?? 'none';
}

/** Pins reported within `windowMs` before `now` pulse on the map. */
export function isFresh(p: Pin, now: number, windowMs = 60_000): boolean {
  return now - p.createdAt < windowMs && now >= p.createdAt - 5_000;
}
