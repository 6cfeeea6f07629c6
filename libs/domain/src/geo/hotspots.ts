/**
 * 高发点位 (hotspots): the same problem reported again and again at one place. The rule lives here once; the server
 * applies it to the cases it reads (libs/server hotspots), the console only shows its results (docs/board.md).
 */
export const HOTSPOT_RULE = {
  /** "the same place": a repeat lies within this many metres of the hotspot's first case (its anchor) */
  radiusMetres: 50,
  /** a place becomes a hotspot at its Nth case of one category (the anchor counts) */
  minCases: 3,
  /** cases count while reported within the last this many days */
  windowDays: 30,
} as const;

export interface HotspotRule {
  radiusMetres: number;
  minCases: number;
  windowDays: number;
}

/** A case as the hotspot rule sees it: category, point (WGS-84 degrees) and when it was reported. */
export interface HotspotCandidate {
  id: string;
  categoryCode: string;
  lat: number;
  lng: number;
  reportedAt: Date;
}

/** One place's repeats: the anchor (its earliest case) first, then the repeats in the order they were reported. */
export interface HotspotCluster<T extends HotspotCandidate> {
  anchor: T;
  members: T[];
}

const METRES_PER_DEG_LAT = 110_540;
const METRES_PER_DEG_LNG_AT_EQUATOR = 111_320;

/**
 * Metres between two points, equirectangular (the duplicate search's formula, nearby-cases.ts): within a town the
 * error is far below a metre. The longitude scale is taken at the two points' mean latitude, so it is symmetric.
 */
export function metresBetween(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const scale = METRES_PER_DEG_LNG_AT_EQUATOR * Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180);
  return Math.hypot((a.lat - b.lat) * METRES_PER_DEG_LAT, (a.lng - b.lng) * scale);
}

/**
 * The hotspots among `cases` at `now`: deterministic anchored clustering, per category.
 *
 * 1. Only cases reported in the window (`now - windowDays`, `now`] count.
 * 2. They are taken earliest first (ties by id). A case within `radiusMetres` of an existing anchor of its category
 *    joins that anchor — the earliest such anchor when several are in reach; otherwise it becomes an anchor itself.
 * 3. An anchor with at least `minCases` cases (itself included) is a hotspot.
 *
 * So the same input always gives the same hotspots, a hotspot forms exactly at its Nth case, and a repeat belongs to
 * one hotspot only. Every member is within the radius of the anchor (not necessarily of each other: at most 2R apart).
 * Hotspots come ordered by size (largest first), then by their latest case (most recent first), then anchor id.
 */
export function findHotspots<T extends HotspotCandidate>(cases: readonly T[], now: Date, rule: HotspotRule = HOTSPOT_RULE): HotspotCluster<T>[] {
  const since = now.getTime() - rule.windowDays * 86_400_000;
  const until = now.getTime();
  // earliest first, equal instants by id (so the result never depends on the order cases were read in); each
  // case's instant read once, as the sort compares them ~n log n times
  const timed: { t: number; c: T }[] = [];
  for (const c of cases) {
    const t = c.reportedAt.getTime();
    if (t > since && t <= until) timed.push({ t, c });
  }
  if (timed.length === 0) return [];
  timed.sort((a, b) => a.t - b.t || (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0));
  const inWindow = timed.map((x) => x.c);

  // anchors are kept in a grid of cells at least the radius wide, so a case looks only at the 3×3 cells around it
  const maxAbsLat = Math.min(89, inWindow.reduce((m, c) => Math.max(m, Math.abs(c.lat)), 0));
  const cellLat = rule.radiusMetres / METRES_PER_DEG_LAT;
  const cellLng = rule.radiusMetres / (METRES_PER_DEG_LNG_AT_EQUATOR * Math.cos((maxAbsLat * Math.PI) / 180));
  // per category, anchors by cell; a cell's key is a small integer (its row and column counted from the cases'
  // south-west corner), so a case's nine look-ups allocate nothing
  let minY = Infinity, minX = Infinity, maxX = -Infinity;
  for (const c of inWindow) {
    minY = Math.min(minY, Math.floor(c.lat / cellLat));
    minX = Math.min(minX, Math.floor(c.lng / cellLng));
    maxX = Math.max(maxX, Math.floor(c.lng / cellLng));
  }
  const width = maxX - minX + 3;
  const key = (y: number, x: number) => y * width + x;
  const byCategory = new Map<string, Map<number, { order: number; cluster: HotspotCluster<T> }[]>>();
  const clusters: HotspotCluster<T>[] = [];

  for (const c of inWindow) {
    const y = Math.floor(c.lat / cellLat) - minY + 1;
    const x = Math.floor(c.lng / cellLng) - minX + 1;
    let cells = byCategory.get(c.categoryCode);
    if (!cells) byCategory.set(c.categoryCode, (cells = new Map()));
    let best: { order: number; cluster: HotspotCluster<T> } | null = null;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const anchors = cells.get(key(y + dy, x + dx));
        if (!anchors) continue;
        for (const a of anchors) {
          if ((best === null || a.order < best.order) && metresBetween(a.cluster.anchor, c) <= rule.radiusMetres) best = a;
        }
      }
    }
    if (best) {
      best.cluster.members.push(c);
      continue;
    }
    const cluster: HotspotCluster<T> = { anchor: c, members: [c] };
    const k = key(y, x);
    const list = cells.get(k);
    if (list) list.push({ order: clusters.length, cluster });
    else cells.set(k, [{ order: clusters.length, cluster }]);
    clusters.push(cluster);
  }

  const latest = (h: HotspotCluster<T>) => h.members[h.members.length - 1].reportedAt.getTime();
  return clusters
    .filter((h) => h.members.length >= rule.minCases)
    .sort((a, b) => b.members.length - a.members.length || latest(b) - latest(a) || (a.anchor.id < b.anchor.id ? -1 : 1));
}
