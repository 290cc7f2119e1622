/**
 * The China provinces map, registered once as 'china'. Data: web/src/assets/china.json from Apache ECharts 4.9.0
 * (Apache-2.0; see the NOTICE file at the repository root): 34 features, properties.id = 6-digit adcode, properties.name = Chinese short name.
 */
import { MapChart } from 'echarts/charts';
import { GraphicComponent, VisualMapComponent } from 'echarts/components';
import china from '../assets/china.json';
import { echarts } from './echarts.ts';
import { DARK_TEXT, labelColorOn } from './scale.ts';

// registerMap is a no-op until a map-capable chart is installed (echarts 6 injects the implementation), so use first.
echarts.use([MapChart, VisualMapComponent, GraphicComponent]);
echarts.registerMap('china', china as unknown as Parameters<typeof echarts.registerMap>[1]);

/** Every adcode drawn on the map (31 provinces, Taiwan, Hong Kong, Macao). */
export const MAP_CODES: string[] = (china as unknown as { features: { properties: { id: string } }[] }).features.map(
  (f) => f.properties.id,
);

/** Hong Kong and Macao are too small at the maps' scale: their names would sit on Guangdong's (the tooltip names them). */
const UNLABELLED = new Set(['810000', '820000']);

/** The name written on an area of the map. */
export const mapLabel = (code: string, name: (code: string) => string): string =>
  UNLABELLED.has(code) ? '' : name(code);

/**
 * Tianjin's centre is a few pixels from Beijing's at the maps' scale, so their names touched and 天津 sat half on
 * Hebei. Its name moves east, onto the Bohai Sea, where it is written on the page's background, not on its own area.
 */
const OFFSHORE: Record<string, [number, number]> = { '120000': [22, 5] };

/** The label style of an area filled with `fill`: a colour that reads on what is under the name, and where it sits. */
export function areaLabel(code: string, fill: string): { color: string; offset?: [number, number] } {
  const offset = OFFSHORE[code];
  return offset ? { color: DARK_TEXT, offset } : { color: labelColorOn(fill) };
}
