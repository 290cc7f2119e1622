/**
 * Tree-shaken ECharts: the core, both renderers and the components every chart uses. Each wrapper registers its own
 * chart type (and map data) so a page's chunk carries only what it draws.
 */
import * as echarts from 'echarts/core';
import { AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

echarts.use([
  AriaComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
  SVGRenderer,
]);

export { echarts };
export type { EChartsCoreOption as ChartOption, ECharts } from 'echarts/core';

/** The palette, shared so a sector or region has the same colour everywhere on a page. */
export const PALETTE = [
  '#2f5fd0',
  '#f2b441',
  '#3ba272',
  '#ee6666',
  '#73c0de',
  '#9a60b4',
  '#fc8452',
  '#5b6b82',
  '#ea7ccc',
  '#91cc75',
];

/** Sequential ramp for choropleths and heatmaps (light → dark blue), readable in grey-scale print. */
export const RAMP = ['#eef3fc', '#c5d6f6', '#8fb0ec', '#5685dc', '#2f5fd0', '#1d3d8f'];

/** Width of the names on a horizontal chart's category axis, the same on every chart so the charts of a page align. */
export const CATEGORY_LABEL_WIDTH = 140;

/**
 * The legend of a chart with several series: one line that pages when the names do not fit. ECharts wraps a plain
 * legend onto a second line without moving the plot down, so the names overlapped the bars (seven indicators at
 * 1024 px).
 */
export function seriesLegend(count: number) {
  return count > 1 ? { type: 'scroll', top: 0 } : undefined;
}
