import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrendPoint } from '@gridops/contracts';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Reported vs closed per day: when the blue line stays above the green one, the backlog grows. */
export function TrendChart({ trend }: { trend: TrendPoint[] }) {
  const { t } = useTranslation('analytics');
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current);
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(
      {
        tooltip: { trigger: 'axis' },
        legend: { data: [t('trend.created'), t('trend.closed')], top: 0 },
        grid: { left: 40, right: 16, top: 32, bottom: 28 },
        xAxis: { type: 'category', data: trend.map((p) => p.date.slice(5)), boundaryGap: false },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: t('trend.created'), type: 'line', smooth: true, data: trend.map((p) => p.created), itemStyle: { color: '#1668dc' }, areaStyle: { opacity: 0.08 } },
          { name: t('trend.closed'), type: 'line', smooth: true, data: trend.map((p) => p.closed), itemStyle: { color: '#52c41a' }, areaStyle: { opacity: 0.08 } },
        ],
      },
      { notMerge: true },
    );
  }, [trend, t]);

  return <div ref={el} style={{ height: 280 }} data-testid="trend-chart" />;
}
