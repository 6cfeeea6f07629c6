import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DistrictView, GridCellView } from '@gridops/contracts';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../i18n/labels';
import { useBoardNow } from './replay-moment';
import { boardMetrics, recordRender } from './board-metrics';
import { useBoardScale } from './board-scale';
import type { Drill } from './drill';
import { echarts } from './echarts-board';
import { aspectScaleAt, cellCollection, cellsInDrill, centroid, districtRings, mapName } from './map-geo';
import { frameOption, hotspotSeries, pinSeries, pinSize, HOTSPOT_SERIES_ID, type AreaLabel, type HotspotRing, type PinSeries } from './map-option';

/** A grid cell's number within its 片区 (`xincheng-03` → 3), for its short name on the town map. */
const cellNumber = (code: string) => Number(/(\d+)$/.exec(code)?.[1] ?? 0);
import type { Pin } from './open-map-store';

const escapeHtml = (t: string) => t.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const NO_HOTSPOTS: readonly HotspotRing[] = [];

type Pulse = { id: string; x: number; y: number; color: string };
const samePulses = (a: Pulse[], b: Pulse[]) =>
  a.length === b.length && a.every((p, i) => p.id === b[i].id && p.color === b[i].color && Math.abs(p.x - b[i].x) < 0.5 && Math.abs(p.y - b[i].y) < 0.5);

export interface BoardMapProps {
  drill: Drill;
  districts: readonly DistrictView[];
  cells: readonly GridCellView[];
  /** the open cases inside `drill` */
  pins: readonly Pin[];
  onCell(cell: GridCellView): void;
  onOpenCase(id: string): void;
  /** tooltip text of a pin (HTML) */
  describePin(p: Pin): string;
  /** colours and pulses follow the clock: re-evaluated this often */
  tickMs?: number;
  /** 高发点位 inside `drill`, drawn as rings */
  hotspots?: readonly HotspotRing[];
  /** tooltip text of a ring (HTML) */
  describeHotspot?(h: HotspotRing): string;
}

/**
 * The offline map of the town (ECharts geo from the GeoJSON the API serves; no tile server): grid cells, 片区
 * borders, area names with their open counts, and every open case as a pin. Clicking a cell drills down, clicking
 * a pin opens the case. The chart is driven imperatively: the frame is rebuilt when the drill level changes, the
 * pins are merged in by series id when they change (at most a few times a second, see useCaseEventBatches).
 */
export default function BoardMap({ drill, districts, cells, pins, onCell, onOpenCase, describePin, tickMs = 5000, hotspots = NO_HOTSPOTS, describeHotspot }: BoardMapProps) {
  const labels = useLabels();
  const { t } = useTranslation('board');
  const scale = useBoardScale();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const current = useRef<{ series: PinSeries | null; byId: Map<string, Pin>; setAt: number; pins: number }>({ series: null, byId: new Map(), setAt: 0, pins: 0 });
  const cellName = (c: GridCellView) => labels.name(c.nameZh, c.nameEn);
  const handlers = useRef({ onCell, onOpenCase, describePin, cells, cellName, hotspots, describeHotspot });
  useEffect(() => {
    handlers.current = { onCell, onOpenCase, describePin, cells, cellName, hotspots, describeHotspot };
  });
  const now = useBoardNow(tickMs);
  const [pulses, setPulses] = useState<Pulse[]>([]);
  // the CSS ripples follow their pins on the canvas: after new pins, a pan or zoom, a resize
  const placePulses = useCallback(() => {
    const c = chart.current;
    const fresh = current.current.series?.fresh ?? [];
    if (!c || fresh.length === 0) return setPulses((prev) => (prev.length ? [] : prev));
    const placed: Pulse[] = [];
    for (const f of fresh) {
      const xy = c.convertToPixel({ geoIndex: 0 }, [f.lng, f.lat]) as number[] | undefined;
      if (xy && Number.isFinite(xy[0])) placed.push({ id: f.id, x: xy[0], y: xy[1], color: f.color });
    }
    setPulses((prev) => (samePulses(prev, placed) ? prev : placed));
  }, []);
  // reads only refs, so every render's copy finds the pin the chart currently shows
  const pinAt = (seriesId: unknown, dataIndex: unknown): Pin | undefined => {
    const id = typeof seriesId === 'string' && typeof dataIndex === 'number' ? current.current.series?.ids[seriesId]?.[dataIndex] : undefined;
    return id ? current.current.byId.get(id) : undefined;
  };

  // one chart for the life of the map
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (params) => {
      if (params.componentType === 'series') {
        const p = pinAt(params.seriesId, params.dataIndex);
        if (p) handlers.current.onOpenCase(p.id);
      } else if (params.componentType === 'geo') {
        const cell = handlers.current.cells.find((x) => x.code === params.name);
        if (cell) handlers.current.onCell(cell);
      }
    });
    c.on('rendered', () => recordRender(current.current.pins, current.current.setAt));
    let roam = 0;
    c.on('georoam', () => {
      cancelAnimationFrame(roam);
      roam = requestAnimationFrame(placePulses);
    });
    const ro = new ResizeObserver(() => {
      c.resize();
      placePulses();
    });
    ro.observe(el.current);
    const box = el.current;
    boardMetrics.locatePin = (id) => {
      const p = current.current.byId.get(id);
      if (!p) return null;
      const xy = c.convertToPixel({ geoIndex: 0 }, [p.lng, p.lat]) as number[] | undefined;
      if (!xy) return null;
      const r = box.getBoundingClientRect();
      return [r.left + xy[0], r.top + xy[1]];
    };
    return () => {
      cancelAnimationFrame(roam);
      boardMetrics.locatePin = () => null;
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [placePulses]);

  const level = drill.grid ? 'grid' : drill.district ? 'district' : 'town';
  const shownCells = useMemo(() => cellsInDrill(cells, drill), [cells, drill]);

  // the frame: rebuilt (notMerge) when the drill level or the geography changes; this also resets pan and zoom
  const frameKey = `${mapName(drill)}|${shownCells.length}|${districts.length}|${scale}|${labels.lang}`;
  // at town level the area labels name the 片区, so the cells carry their short names (1号网格 / Grid 1) on the map
  const cellLabel = level === 'town' ? (code: string) => t('map.cellShort', { n: cellNumber(code) }) : undefined;
  useEffect(() => {
    const c = chart.current;
    if (!c || shownCells.length === 0) return;
    const name = mapName(drill);
    echarts.registerMap(name, cellCollection(shownCells) as unknown as Parameters<typeof echarts.registerMap>[1]);
    const rings = drill.grid ? shownCells.flatMap((x) => (x.geometry.type === 'Polygon' ? [x.geometry.coordinates[0]] : x.geometry.coordinates.map((p) => p[0]))) : districtRings(districts, drill);
    const lat = shownCells.reduce((s, x) => s + centroid(x.geometry)[1], 0) / shownCells.length;
    c.setOption(
      frameOption({
        map: name,
        aspectScale: aspectScaleAt(lat),
        rings,
        cellLabel,
        scale,
        tooltip: (params: unknown) => {
          const p = params as { componentType?: string; name?: string; seriesId?: string; dataIndex?: number };
          if (p.componentType === 'geo') {
            const cell = handlers.current.cells.find((x) => x.code === p.name);
            return cell ? escapeHtml(handlers.current.cellName(cell)) : '';
          }
          if (p.seriesId === HOTSPOT_SERIES_ID) {
            const h = typeof p.dataIndex === 'number' ? handlers.current.hotspots[p.dataIndex] : undefined;
            return h && handlers.current.describeHotspot ? handlers.current.describeHotspot(h) : '';
          }
          const pin = pinAt(p.seriesId, p.dataIndex);
          return pin ? handlers.current.describePin(pin) : '';
        },
      }),
      { notMerge: true },
    );
    current.current.series = null; // the pins go back on below
    // frameKey stands for drill and geography: a new drill object with the same place must not reset pan and zoom
  }, [frameKey]);

  // names with counts: 片区 at town level, grid cells inside a 片区 or cell
  const areaLabels = useMemo<AreaLabel[]>(() => {
    const count = new Map<string, number>();
    const byDistrict = level === 'town';
    for (const p of pins) {
      const k = byDistrict ? p.district : p.grid;
      count.set(k, (count.get(k) ?? 0) + 1);
    }
    if (byDistrict) return districts.map((d) => ({ name: labels.name(d.nameZh, d.nameEn), at: centroid(d.geometry), count: count.get(d.code) ?? 0 }));
    return shownCells.map((x) => ({ name: labels.name(x.nameZh, x.nameEn), at: centroid(x.geometry), count: count.get(x.code) ?? 0 }));
    // labels' functions are new on every render but depend on the language only
  }, [pins, level, districts, shownCells, labels.lang]);

  // the pins: merged into the frame by series id
  useEffect(() => {
    const c = chart.current;
    if (!c || shownCells.length === 0) return;
    const s = pinSeries(pins, now, pinSize(level, scale), areaLabels, scale);
    current.current.series = s;
    current.current.byId = new Map(pins.map((p) => [p.id, p]));
    current.current.setAt = performance.now();
    current.current.pins = pins.length;
    c.setOption(s.option, { lazyUpdate: true, silent: true });
    const frame = requestAnimationFrame(placePulses); // once the lazy update has laid the map out
    return () => cancelAnimationFrame(frame);
  }, [pins, now, level, areaLabels, frameKey, shownCells.length, placePulses, scale]);

  // the hotspot rings: their own series, merged in by id (after a new frame too)
  useEffect(() => {
    const c = chart.current;
    if (!c || shownCells.length === 0) return;
    c.setOption(hotspotSeries(hotspots, scale), { lazyUpdate: true, silent: true });
  }, [hotspots, frameKey, shownCells.length, scale]);

  // what a browser test reads to check the wall is legible from 5 m (pin sizes, cell names, how much of the panel
  // the map fills)
  useEffect(() => {
    boardMetrics.mapLayout = () => {
      const c = chart.current;
      const box = el.current;
      const series = (c?.getOption().series ?? []) as { id?: string; symbolSize?: number }[];
      const pinSizes = Object.fromEntries(series.flatMap((x) => (x.id?.startsWith('pins-') ? [[x.id.slice(5), Number(x.symbolSize)]] : [])));
      const cellLabels = level === 'town' ? shownCells.map((x) => cellLabel?.(x.code) ?? '') : areaLabels.map((a) => a.name);
      const points = shownCells.flatMap((x) => (x.geometry.type === 'Polygon' ? x.geometry.coordinates[0] : x.geometry.coordinates.flatMap((p) => p[0])));
      const px = c ? points.map((p) => c.convertToPixel({ geoIndex: 0 }, p) as number[]) : [];
      const span = (i: number) => (px.length ? Math.max(...px.map((p) => p[i])) - Math.min(...px.map((p) => p[i])) : 0);
      return { pinSizes, cellLabels, fill: { width: box ? span(0) / box.clientWidth : 0, height: box ? span(1) / box.clientHeight : 0 } };
    };
  });

  return (
    <>
      <div ref={el} className="board-map-canvas" data-testid="board-map" data-pins={pins.length} data-hotspots={hotspots.length} />
      <div className="board-map-pulses" aria-hidden>
        {pulses.map((p) => (
          <span key={p.id} className="board-pulse" style={{ left: p.x, top: p.y, color: p.color }} data-testid="pin-pulse" />
        ))}
      </div>
    </>
  );
}
