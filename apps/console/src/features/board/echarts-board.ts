import { LinesChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

/**
 * Only the ECharts pieces the board map draws with (geo outlines, scatter pins, 片区 borders, a tooltip), so the
 * board's chunk stays small; this module is reached only through the lazily loaded map.
 */
echarts.use([GeoComponent, TooltipComponent, ScatterChart, LinesChart, CanvasRenderer]);

export { echarts };
