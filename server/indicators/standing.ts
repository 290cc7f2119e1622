import type { LeafStanding } from '../../contract/indicators.ts';
import type { Row } from '../db/query.ts';
import { nodesPreOrder, type LeafNode, type Spec } from './spec.ts';

/** A third distinctive leaf is named only when it lies this many standard deviations from its sector's mean. */
const THIRD_REASON_Z = 1.5;

/** The scale a leaf's transform puts its values on (spec.ts transforms), where the sector z-scores are taken. */
const SCALE: Record<LeafNode['transform'], (x: number) => number> = {
  none: (x) => x,
  log: (x) => (x > 0 ? Math.log(x) : NaN),
  log1p: (x) => (x > -1 ? Math.log1p(x) : NaN),
  sqrt: (x) => (x >= 0 ? Math.sqrt(x) : NaN),
};

/**
 * Each leaf of the spec for one cell, against the national distribution of cells: the reasons that say how a cell
 * stands out (its demand growth is the 3rd highest of 594 cells), where contribution shares only say which leaf weighs
 * most (and are near-equal in every strong cell of a geometric index). `rows` are the inputs of every cell.
 */
export function standingsOf(spec: Spec, rows: Row[]): (cell: string) => LeafStanding[] {
  const leaves = nodesPreOrder(spec.tree).filter((n): n is LeafNode => n.kind === 'leaf');
  const byCell = new Map(rows.map((r) => [String(r.entity), r]));
  const dists = leaves.map((leaf) => distribution(rows, leaf.column, SCALE[leaf.transform]));
  return (cell) => {
    const r = byCell.get(cell);
    const sector = cell.split(':')[1];
    return leaves
      .map((leaf, i) => {
        const value = num(r?.[leaf.column]);
        const d = dists[i];
        const median = d.medians.get(sector) ?? null;
        const spread = d.spread.get(sector);
        return {
          node: leaf.id,
          indicator: leaf.column,
          title: leaf.title ?? null,
          value,
          rank: value === null ? null : 1 + d.above(value),
          of: d.sorted.length,
          percentile: value === null ? null : d.percentile(value),
          sector_median: median,
          sector_ratio:
            value !== null && value >= 0 && median !== null && median > 0 && d.min >= 0 ? value / median : null,
          sector_z: value !== null && spread && spread.sd > 0 ? (d.scale(value) - spread.mean) / spread.sd : null,
        };
      })
      .sort(byUnusual);
  };
}

/**
 * Most unusual first: furthest from the cell's sector peers (|z| within the sector, on the index's own scale), then
 * the higher national rank. Within the sector because sectors differ in scale on purpose (every finance cell is in
 * the national top tenth of calls), which would make every finance candidate's reasons the same three demand leaves.
 */
function byUnusual(a: LeafStanding, b: LeafStanding): number {
  const off = (s: LeafStanding) => (s.sector_z === null ? -1 : Math.abs(s.sector_z));
  return off(b) - off(a) || (a.rank ?? Infinity) - (b.rank ?? Infinity);
}

/** The two leaves where the cell is most unusual, and a third when it too lies THIRD_REASON_Z from its sector's mean. */
export function distinctive(standing: LeafStanding[]): string[] {
  const known = standing.filter((s) => s.sector_z !== null);
  const third = known[2];
  return known.slice(0, third && Math.abs(third.sector_z!) >= THIRD_REASON_Z ? 3 : 2).map((s) => s.node);
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'bigint' ? Number(v) : null;
}

function distribution(rows: Row[], column: string, scale: (x: number) => number) {
  const sorted = rows
    .map((r) => num(r[column]))
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
  const n = sorted.length;
  /** How many values lie strictly below v (binary search). */
  const below = (v: number) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const atMost = (v: number) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const bySector = new Map<string, number[]>();
  for (const r of rows) {
    const v = num(r[column]);
    if (v === null) continue;
    const sector = String(r.entity).split(':')[1];
    (bySector.get(sector) ?? bySector.set(sector, []).get(sector)!).push(v);
  }
  return {
    sorted,
    min: n ? sorted[0] : 0,
    above: (v: number) => n - atMost(v),
    // ties sit at the middle of their run, so a value every cell shares is at 0.5, not at the top
    percentile: (v: number) => (n > 1 ? (below(v) + (atMost(v) - below(v) - 1) / 2) / (n - 1) : 0.5),
    medians: new Map([...bySector].map(([s, vs]) => [s, median(vs)])),
    scale,
    spread: new Map([...bySector].map(([s, vs]) => [s, meanSd(vs.map(scale).filter(Number.isFinite))])),
  };
}

function meanSd(xs: number[]): { mean: number; sd: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length || 1));
  return { mean, sd };
}

function median(vs: number[]): number {
  const s = [...vs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
