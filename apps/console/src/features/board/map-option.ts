import type { LinesSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type { GeoComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { Light, Position } from '@gridops/domain';
import { isFresh, pinLayer, type Pin } from './open-map-store';

export type BoardMapOption = ComposeOption<GeoComponentOption | TooltipComponentOption | ScatterSeriesOption | LinesSeriesOption>;

/**
 * Pin colours: the traffic light of every screen, a little brighter on the dark wall; blue once the fix is reported
 * and the case waits for its check; grey when no clock runs.
 */
export const PIN_COLORS: Record<Light | 'fixed' | 'none', string> = { red: '#ff4d4f', yellow: '#ffc53d', green: '#4ade80', fixed: '#38a3ff', none: '#8ea0b8' };

/** Series ids of the pin layers, drawn in this order: red on top, where the eye should land. */
export const PIN_LAYERS = ['none', 'fixed', 'green', 'yellow', 'red'] as const;
export type PinLayer = (typeof PIN_LAYERS)[number];
export const pinSeriesId = (layer: PinLayer) => `pins-${layer}`;

export interface AreaLabel {
  name: string;
  at: Position;
  count: number;
}

/** At most this many pins pulse at once (the newest): a burst of 100 new reports must not turn the map into noise. */
export const MAX_PULSING = 30;

/** A pin that pulses (reported in the last minute), drawn by the map as a CSS ripple over the canvas. */
export interface PulsingPin {
  id: string;
  lng: number;
  lat: number;
  color: string;
}

/** A layer with more pins than this is drawn in large mode (one path, no per-pin hover): cheap at any count. */
export const LARGE_THRESHOLD = 300;

/**
 * Symbol size by how far the map is drilled in (the town holds thousands of pins, a grid cell a few hundred), in
 * pixels of the 1920×1080 design times `scale`: at least 14 so a pin is seen from 5 m. Red pins are drawn
 * `RED_EXTRA` larger (see pinSeries): the eye should land on them first.
 */
export function pinSize(level: 'town' | 'district' | 'grid', scale = 1): number {
  return Math.round((level === 'town' ? 14 : level === 'district' ? 16 : 18) * scale);
}
export const RED_EXTRA = 1.4;

/** The frame of a drill level: outlines, 片区 borders, area names. Pins come separately (they change often). */
/** One tooltip text for whatever the pointer is on: a pin (series params) or a grid cell (geo params). */
export type MapTooltip = (params: unknown) => string;

/**
 * `cellLabel` names the grid cells on the map itself (at town level, where the area labels name the 片区); `scale`
 * is the wall's size against the 1920×1080 design. The map fills its panel: a box 3% in from each edge, the town's
 * aspect kept (ECharts' `layoutSize` would be a share of the panel's shorter side — half a wide panel).
 */
export function frameOption(p: { map: string; aspectScale: number; rings: Position[][]; tooltip: MapTooltip; cellLabel?: (code: string) => string; scale?: number }): BoardMapOption {
  const scale = p.scale ?? 1;
  const cellLabel = p.cellLabel;
  const label = cellLabel
    ? { show: true, formatter: (x: { name: string }) => cellLabel(x.name), color: '#b8d4f5', fontSize: Math.round(24 * scale), textShadowColor: '#04122b', textShadowBlur: 6 }
    : { show: false };
  return {
    backgroundColor: 'transparent',
    animation: false,
    tooltip: {
      trigger: 'item',
      confine: true,
      backgroundColor: 'rgba(5, 18, 42, 0.94)',
      borderColor: '#2f7fd8',
      textStyle: { color: '#e6f1ff', fontSize: Math.round(24 * scale) },
      formatter: p.tooltip,
    },
    geo: {
      map: p.map,
      roam: true,
      scaleLimit: { min: 0.8, max: 10 },
      aspectScale: p.aspectScale,
      top: '3%',
      bottom: '3%',
      left: '3%',
      right: '3%',
      selectedMode: false,
      label,
      itemStyle: { areaColor: '#0b2550', borderColor: 'rgba(90, 170, 255, 0.45)', borderWidth: 1 },
      emphasis: { label, itemStyle: { areaColor: '#123a74', borderColor: '#5ad8ff' } },
      // series drawn on the geo inherit its tooltip model, and a geo region (grid cell) takes only this formatter
      // (ECharts does not apply the global one to components): one formatter for cells and pins alike
      tooltip: { formatter: p.tooltip },
    },
    series: [
      {
        id: 'outline',
        type: 'lines',
        coordinateSystem: 'geo',
        polyline: true,
        silent: true,
        z: 3,
        data: p.rings.map((coords) => ({ coords })),
        lineStyle: { color: '#5ad8ff', width: 3 * scale, opacity: 0.95, shadowBlur: 14 * scale, shadowColor: 'rgba(40, 160, 255, 0.9)' },
        tooltip: { show: false },
      },
    ],
  };
}

export interface PinSeries {
  option: BoardMapOption;
  /** case ids in the order of each series' data, to find the case a click or tooltip points at */
  ids: Record<string, string[]>;
  counts: Record<PinLayer, number>;
  /** the newest pins of the last minute, to pulse */
  fresh: PulsingPin[];
}

/**
 * The pins as four large scatter layers (one colour each: per-item styles would turn `large` mode off), and the
 * pins reported in the last minute (the newest MAX_PULSING) to pulse. Large mode draws each layer as one path, so
 * 5,000 pins are one cheap draw; progressive is set above the open-map cap so a frame never shows half the pins.
 *
 * Why the pulses are not an ECharts effectScatter: its ripples repaint the canvas on every frame, and on a wall PC
 * without a GPU (Chromium, software rendering) 8 pulsing pins kept 52–73% of a core busy for as long as they
 * pulsed (useDirtyRect on / off); the same ripples as a CSS transform animation over the canvas (BoardMap) cost
 * ~20%, off the main thread.
 */
export function pinSeries(pins: readonly Pin[], now: number, size: number, labels: AreaLabel[], scale = 1): PinSeries {
  const data: Record<PinLayer, number[][]> = { none: [], fixed: [], green: [], yellow: [], red: [] };
  const ids: Record<string, string[]> = {};
  for (const layer of PIN_LAYERS) ids[pinSeriesId(layer)] = [];
  const newest: { p: Pin; layer: PinLayer }[] = [];
  for (const p of pins) {
    const layer: PinLayer = pinLayer(p, now);
    data[layer].push([p.lng, p.lat]);
    ids[pinSeriesId(layer)].push(p.id);
    if (isFresh(p, now)) newest.push({ p, layer });
  }
  if (newest.length > MAX_PULSING) newest.sort((a, b) => b.p.createdAt - a.p.createdAt).length = MAX_PULSING;
  const fresh = newest.map(({ p, layer }) => ({ id: p.id, lng: p.lng, lat: p.lat, color: PIN_COLORS[layer] }));
  const layers: ScatterSeriesOption[] = PIN_LAYERS.map((layer, i) => ({
    id: pinSeriesId(layer),
    type: 'scatter',
    coordinateSystem: 'geo',
    data: data[layer],
    symbolSize: layer === 'red' ? Math.round(size * RED_EXTRA) : size,
    itemStyle: { color: PIN_COLORS[layer], opacity: layer === 'none' ? 0.75 : 0.95 },
    emphasis: { scale: 1.5 },
    large: true,
    largeThreshold: LARGE_THRESHOLD,
    progressive: 25_000,
    progressiveThreshold: 25_000,
    animation: false,
    cursor: 'pointer',
    z: 5 + i,
  }));
  const option: BoardMapOption = {
    series: [
      {
        id: 'labels',
        type: 'scatter',
        coordinateSystem: 'geo',
        silent: true,
        symbolSize: 0,
        // above the pins: with thousands of them the names would drown (silent, so clicks still reach the pins)
        z: 20,
        data: labels.map((l) => ({ name: l.name, value: [l.at[0], l.at[1], l.count] })),
        label: {
          show: true,
          formatter: (x: { name: string; value?: unknown }) => `{name|${x.name}}\n{count|${(x.value as number[])[2]}}`,
          rich: {
            name: { color: '#ffffff', fontSize: Math.round(30 * scale), fontWeight: 'bold', textShadowColor: '#04122b', textShadowBlur: 8, lineHeight: Math.round(38 * scale) },
            count: { color: '#9fd4ff', fontSize: Math.round(26 * scale), fontWeight: 'bold', textShadowColor: '#04122b', textShadowBlur: 8, lineHeight: Math.round(30 * scale) },
          },
          backgroundColor: 'rgba(4, 18, 43, 0.8)',
          borderRadius: 6 * scale,
          padding: [4 * scale, 10 * scale],
        },
        tooltip: { show: false },
        animation: false,
      },
      ...layers,
    ],
  };
  return { option, ids, counts: { none: data.none.length, fixed: data.fixed.length, green: data.green.length, yellow: data.yellow.length, red: data.red.length }, fresh };
}

/** 高发点位 rings: orange, apart from every traffic-light colour of the pins they circle. */
export const HOTSPOT_COLOR = '#ff9c2a';
export const HOTSPOT_SERIES_ID = 'hotspots';

/** One ring: the hotspot's anchor point and how many cases it counts. */
export interface HotspotRing {
  id: string;
  lng: number;
  lat: number;
  count: number;
}

/**
 * The hotspots as hollow rings around their pins, a fixed size on screen (50 m is a few pixels on the town map; the
 * ring says "this place repeats", the pins inside say what is open there). Drawn under the pins so a click on a pin
 * still opens its case; a ring is as wide as three town-level red pins, its line as thick as a map outline.
 */
export function hotspotSeries(rings: readonly HotspotRing[], scale = 1): BoardMapOption {
  const series: ScatterSeriesOption = {
    id: HOTSPOT_SERIES_ID,
    type: 'scatter',
    coordinateSystem: 'geo',
    data: rings.map((r) => [r.lng, r.lat, r.count]),
    symbol: 'circle',
    symbolSize: Math.round(56 * scale),
    itemStyle: { color: 'rgba(255, 156, 42, 0.12)', borderColor: HOTSPOT_COLOR, borderWidth: Math.max(3, Math.round(4 * scale)) },
    emphasis: { scale: 1.1 },
    animation: false,
    z: 4,
  };
  return { series: [series] };
}
