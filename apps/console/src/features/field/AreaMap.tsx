import { EffectScatterChart } from 'echarts/charts';
import { GeoComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { AreaGeometry, LatLng } from '@gridops/domain';

echarts.use([GeoComponent, EffectScatterChart, CanvasRenderer]);

export interface MapArea {
  code: string;
  name: string;
  geometry: AreaGeometry;
  /** drawn stronger (the case's grid cell, the worker's 片区) */
  highlight?: boolean;
}

export interface AreaMapProps {
  areas: MapArea[];
  point?: LatLng | null;
  /** tap to pick a point (WGS-84); omitted = a still map */
  onPick?: (p: LatLng) => void;
  className?: string;
}

/**
 * An offline map (no tiles): the 片区/网格 outlines the API serves, drawn by ECharts, with the case's point pulsing.
 * Pinch and drag zoom when picking. Loaded lazily, so ECharts weighs nothing until a map is on screen.
 */
export default function AreaMap({ areas, point, onPick, className }: AreaMapProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  const pointRef = useRef(point);
  pointRef.current = point;
  const pickable = !!onPick;

  useEffect(() => {
    if (!el.current) return undefined;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.getZr().on('click', (e: { offsetX: number; offsetY: number }) => {
      if (!pick.current) return;
      const at = c.convertFromPixel({ geoIndex: 0 }, [e.offsetX, e.offsetY]) as number[] | undefined;
      if (at && Number.isFinite(at[0]) && Number.isFinite(at[1])) pick.current({ lng: at[0], lat: at[1] });
    });
    const resize = () => c.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      c.dispose();
      chart.current = null;
    };
  }, []);

  // the outlines change rarely (a new map name per set keeps ECharts' registry honest)
  const mapName = `field-${areas.map((a) => a.code).join('|')}`;
  useEffect(() => {
    const c = chart.current;
    if (!c || areas.length === 0) return;
    echarts.registerMap(mapName, {
      type: 'FeatureCollection',
      features: areas.map((a) => ({ type: 'Feature', properties: { name: a.code }, geometry: a.geometry })),
    } as never);
    const p = pointRef.current;
    const midLat = p?.lat ?? 31.24;
    c.setOption(
      {
        animation: false,
        geo: {
          map: mapName,
          roam: pickable,
          // degrees of longitude are shorter than of latitude here: keep shapes true
          aspectScale: Math.cos((midLat * Math.PI) / 180),
          layoutCenter: ['50%', '50%'],
          layoutSize: '92%',
          selectedMode: false,
          label: { show: true, color: '#5c6573', fontSize: 11, formatter: (p: { name: string }) => areas.find((a) => a.code === p.name)?.name ?? '' },
          itemStyle: { areaColor: '#f4f7fb', borderColor: '#9fb3cf', borderWidth: 1 },
          emphasis: { disabled: true },
          // the highlighted cell carries the marker: its name would sit under it (the page names it anyway)
          regions: areas.filter((a) => a.highlight).map((a) => ({ name: a.code, label: { show: !p }, itemStyle: { areaColor: '#e3edff', borderColor: '#1668dc', borderWidth: 2 } })),
        },
        series: [
          {
            type: 'effectScatter',
            coordinateSystem: 'geo',
            data: p ? [[p.lng, p.lat]] : [],
            symbolSize: 14,
            rippleEffect: { scale: 3, brushType: 'stroke' },
            itemStyle: { color: '#f5222d', borderColor: '#fff', borderWidth: 2 },
            silent: true,
            zlevel: 2,
          },
        ],
      },
      { notMerge: true },
    );
  }, [areas, mapName, pickable]);

  // a new point moves the marker only: the zoom the worker pinched to stays
  useEffect(() => {
    chart.current?.setOption({ series: [{ data: point ? [[point.lng, point.lat]] : [] }] });
  }, [point]);

  return <div ref={el} className={className ?? 'field-map'} data-testid="area-map" />;
}
