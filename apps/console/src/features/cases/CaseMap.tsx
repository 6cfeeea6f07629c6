import { EffectScatterChart, MapChart } from 'echarts/charts';
import { GeoComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { Empty, Skeleton } from 'antd';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { GeoPoint } from '@gridops/contracts';
import type { DistrictCode } from '@gridops/domain';
import { useGridCells } from '../../api/queries';
import { useLabels } from '../../i18n/labels';
import './messages';

// SVG, not canvas: crisp when the case file is printed, and one small map needs no canvas speed
echarts.use([MapChart, EffectScatterChart, GeoComponent, TooltipComponent, SVGRenderer]);

export interface CaseMapProps {
  point: GeoPoint;
  districtCode: DistrictCode;
  gridCellCode: string;
  /** the pin's colour (the case's traffic light) */
  color?: string;
  height?: number;
  /** more points on the same map (a suggested duplicate beside the case) */
  others?: { point: GeoPoint; color: string }[];
}

/**
 * The case's point inside its grid cell (网格), drawn offline from the GeoJSON the API serves: the cells of its 片区
 * with the case's own cell highlighted. Loaded lazily (ECharts is heavy) — import it through CaseMapLazy.
 */
export default function CaseMap({ point, districtCode, gridCellCode, color = '#f5222d', height = 240, others = [] }: CaseMapProps) {
  const { t } = useTranslation('cases');
  const labels = useLabels();
  const cells = useGridCells();
  const ref = useRef<HTMLDivElement>(null);
  const mapName = `gridops-case-${districtCode}`;
  const othersKey = others.map((o) => `${o.point.lat},${o.point.lng},${o.color}`).join(';');
  const districtCells = useMemo(() => (cells.data ?? []).filter((c) => c.districtCode === districtCode), [cells.data, districtCode]);

  useEffect(() => {
    const el = ref.current;
    if (!el || districtCells.length === 0) return;
    echarts.registerMap(mapName, {
      type: 'FeatureCollection',
      features: districtCells.map((c) => ({ type: 'Feature', properties: { name: c.code }, geometry: c.geometry })),
    } as unknown as Parameters<typeof echarts.registerMap>[1]);
    const nameOf = new Map(districtCells.map((c) => [c.code, labels.name(c.nameZh, c.nameEn)]));
    const chart = echarts.init(el, null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      tooltip: { show: false },
      geo: {
        map: mapName,
        roam: false,
        silent: true,
        layoutCenter: ['50%', '50%'],
        layoutSize: '95%',
        itemStyle: { areaColor: '#f3f6fb', borderColor: '#9fb3cf', borderWidth: 1 },
        label: { show: true, color: '#8c8c8c', fontSize: 10, formatter: (p: { name: string }) => nameOf.get(p.name) ?? p.name },
        regions: [
          {
            name: gridCellCode,
            itemStyle: { areaColor: '#dbe8ff', borderColor: '#1668dc', borderWidth: 2 },
            label: { color: '#1668dc', fontWeight: 'bold' },
          },
        ],
      },
      series: [
        {
          type: 'effectScatter',
          coordinateSystem: 'geo',
          data: [[point.lng, point.lat]],
          symbolSize: 12,
          rippleEffect: { scale: 3, brushType: 'stroke' },
          itemStyle: { color, borderColor: '#fff', borderWidth: 1.5 },
          silent: true,
        },
        ...others.map((o) => ({
          type: 'effectScatter',
          coordinateSystem: 'geo',
          data: [[o.point.lng, o.point.lat]],
          symbolSize: 10,
          rippleEffect: { scale: 0 },
          itemStyle: { color: o.color, borderColor: '#fff', borderWidth: 1.5 },
          silent: true,
        })),
      ],
    });
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
    // the language only changes labels; redrawing on it keeps them right
  }, [districtCells, mapName, gridCellCode, point.lat, point.lng, color, labels.lang, othersKey]);

  if (cells.isLoading) return <Skeleton.Node active style={{ width: '100%', height }} />;
  if (districtCells.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('map.noGeometry')} />;
  return <div ref={ref} className="case-map" style={{ width: '100%', height }} data-testid="case-map" />;
}
