/**
 * Timings the board records about itself, readable from the page as `window.__gridopsBoard` (bench/board-render.mjs
 * reads them; they cost a few counters). performance marks: `board:open-map-loaded`, `board:map-first-render`.
 */
export interface FlushTiming {
  /** events in this flush */
  events: number;
  /** performance.now() when the first event of this flush arrived */
  receivedAt: number;
  /** performance.now() when the last event of this flush arrived */
  lastReceivedAt: number;
  /** performance.now() when the flush began */
  at: number;
  /** time to patch the open-map state */
  patchMs: number;
  /** performance.now() when ECharts finished drawing the result (set by the map) */
  renderedAt: number | null;
}

export interface BoardMetrics {
  /** case events handed to the open map */
  eventsReceived: number;
  pins: number;
  firstRender: { pins: number; at: number } | null;
  flushes: FlushTiming[];
  /**
   * Where a case's pin is on the page (viewport pixels), or null when it is not drawn — so a browser test can
   * click a pin the way a person does. Set by the map while it is shown.
   */
  locatePin: (caseId: string) => [number, number] | null;
  /** what the map draws, for a browser test of the wall's legibility: pin sizes per layer, the cell names shown, and the outline's extent as a share of the map's box */
  mapLayout: () => { pinSizes: Record<string, number>; cellLabels: string[]; fill: { width: number; height: number } } | null;
}

const MAX_FLUSHES = 500;

export const boardMetrics: BoardMetrics = { eventsReceived: 0, pins: 0, firstRender: null, flushes: [], locatePin: () => null, mapLayout: () => null };
if (typeof window !== 'undefined') Object.assign(window, { __gridopsBoard: boardMetrics });

export function recordFlush(events: number, receivedAt: number, lastReceivedAt: number, at: number, patchMs: number): void {
  boardMetrics.eventsReceived += events;
  boardMetrics.flushes.push({ events, receivedAt, lastReceivedAt, at, patchMs, renderedAt: null });
  if (boardMetrics.flushes.length > MAX_FLUSHES) boardMetrics.flushes.shift();
}

/**
 * The map drew a frame holding the pins set at `setAt` (ECharts `rendered`: `finished` never fires while new pins
 * pulse). The first frame with pins is the first render; a frame closes every flush applied before `setAt`.
 */
export function recordRender(pins: number, setAt: number): void {
  const now = performance.now();
  boardMetrics.pins = pins;
  if (!boardMetrics.firstRender && pins > 0) {
    boardMetrics.firstRender = { pins, at: now };
    performance.mark('board:map-first-render');
  }
  for (const f of boardMetrics.flushes) if (f.renderedAt === null && f.at <= setAt) f.renderedAt = now;
}
