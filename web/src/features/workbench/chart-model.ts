/**
 * What the quick chart draws from a result: the category axis and one series per value of a split column (month ×
 * sector as one line per sector), the chart types it offers and the caption its picture carries. Pure functions over
 * plain arrays, so they are tested without a browser.
 */
import type { Series } from '../../charts/types.ts';

export const CHART_TYPES = ['line', 'bar', 'stacked', 'scatter'] as const;
export type QuickChartType = (typeof CHART_TYPES)[number];

/** Rows a chart reads: more points than this say nothing more on a screen-wide chart and slow it down. */
export const MAX_POINTS = 2_000;
/** Series drawn when a result is split: the largest ones; more lines than colours cannot be told apart. */
export const MAX_SERIES = 12;
const CAPTION_CHARS = 600;

export interface Pivot {
  categories: string[];
  series: Series[];
  /** Split values left out (the smallest, past MAX_SERIES). */
  dropped: number;
}

/**
 * One series per distinct split value, by name (or one named `valueName` without a split), over the distinct x values; a
 * (x, split) pair that occurs twice is summed, a missing one is null. Categories keep the result's order, or are sorted
 * by `xSort` when given (dates and numbers, so months a later series brings in land in their place).
 */
export function pivot(
  xs: string[],
  ys: (number | null)[],
  valueName: string,
  splits?: string[] | null,
  xSort?: (string | number | null)[] | null,
  maxSeries = MAX_SERIES,
): Pivot {
  const catIndex = new Map<string, number>();
  const sortKey = new Map<string, string | number | null>();
  xs.forEach((x, i) => {
    if (!catIndex.has(x)) {
      catIndex.set(x, catIndex.size);
      sortKey.set(x, xSort?.[i] ?? null);
    }
  });
  const categories = [...catIndex.keys()];
  if (xSort) {
    categories.sort((a, b) => compare(sortKey.get(a) ?? null, sortKey.get(b) ?? null));
    categories.forEach((c, i) => catIndex.set(c, i));
  }
  const groups = new Map<string, (number | null)[]>();
  const totals = new Map<string, number>();
  xs.forEach((x, i) => {
    const g = splits ? splits[i] : valueName;
    let values = groups.get(g);
    if (!values) groups.set(g, (values = new Array<number | null>(categories.length).fill(null)));
    const y = ys[i];
    if (y === null || y === undefined) return;
    const at = catIndex.get(x)!;
    values[at] = (values[at] ?? 0) + y;
    totals.set(g, (totals.get(g) ?? 0) + Math.abs(y));
  });
  // in the order of their names (sectors, regions), not of whichever the result happens to list first
  let names = splits
    ? [...groups.keys()].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
    : [...groups.keys()];
  const dropped = Math.max(0, names.length - maxSeries);
  if (dropped) {
    const kept = new Set([...names].sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0)).slice(0, maxSeries));
    names = names.filter((n) => kept.has(n));
  }
  return { categories, series: names.map((name) => ({ name, values: groups.get(name)! })), dropped };
}

function compare(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

/** The query as the exported picture's caption: on one line, cut where a caption stops being read. */
export function queryCaption(sql: string): string {
  const one = sql.replace(/\s+/g, ' ').trim();
  return one.length > CAPTION_CHARS ? `${one.slice(0, CAPTION_CHARS - 1)}…` : one;
}
