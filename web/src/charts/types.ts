/** Shapes the chart wrappers take. Values are numbers or null (no data), never bigint. */
export interface Series {
  name: string;
  values: (number | null)[];
  /** Second y axis (line charts with two units). */
  axis?: 0 | 1;
}
export type Formatter = (v: number | null | undefined) => string;
export interface ClickInfo {
  name: string;
  value: unknown;
  data: unknown;
  seriesIndex?: number;
  dataIndex: number;
}
export const plain: Formatter = (v) => (v === null || v === undefined ? '—' : String(v));
