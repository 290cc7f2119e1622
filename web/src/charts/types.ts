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

/** One box of a box plot: min, first quartile, median, third quartile, max, and how many values it summarises. */
export interface Box {
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  n: number;
}
