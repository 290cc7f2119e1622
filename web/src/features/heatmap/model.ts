/** Turns sector × region cells into a heatmap grid: rows and columns in the chosen order, missing cells as null. */
import type { CellValue as Cell } from '../../../../contract/dashboard.ts';
import type { QuadrantCell } from '../../../../contract/indicators.ts';

export type { Cell };

export type HeatmapSort = 'total' | 'name';

export interface Grid {
  sectors: (string | null)[];
  regions: string[];
  cells: [number, number, number | null][];
}

/**
 * Columns are regions, rows sectors. 'total' orders both by the sum of their values (largest first, the reading order of
 * a planner looking for where activity concentrates); 'name' keeps the reference order given.
 */
export function buildGrid(
  cells: Cell[],
  sort: HeatmapSort,
  regionOrder: string[],
  sectorOrder: (string | null)[],
): Grid {
  const rTotal = new Map<string, number>();
  const sTotal = new Map<string | null, number>();
  for (const c of cells) {
    rTotal.set(c.region_code, (rTotal.get(c.region_code) ?? 0) + (c.value ?? 0));
    sTotal.set(c.sector_code, (sTotal.get(c.sector_code) ?? 0) + (c.value ?? 0));
  }
  const byRef =
    <T>(order: T[]) =>
    (a: T, b: T) => {
      const ia = order.indexOf(a);
      const ib = order.indexOf(b);
      return (ia < 0 ? order.length : ia) - (ib < 0 ? order.length : ib);
    };
  const regions = [...rTotal.keys()].sort(
    sort === 'total' ? (a, b) => rTotal.get(b)! - rTotal.get(a)! || byRef(regionOrder)(a, b) : byRef(regionOrder),
  );
  const sectors = [...sTotal.keys()].sort(
    sort === 'total' ? (a, b) => sTotal.get(b)! - sTotal.get(a)! || byRef(sectorOrder)(a, b) : byRef(sectorOrder),
  );
  const at = new Map(cells.map((c) => [`${c.sector_code}|${c.region_code}`, c.value]));
  const grid: [number, number, number | null][] = [];
  sectors.forEach((s, yi) => regions.forEach((r, xi) => grid.push([xi, yi, at.get(`${s}|${r}`) ?? null])));
  return { sectors, regions, cells: grid };
}

/** A cell's quadrant as /api/quadrants classifies it (demand against data abundance, standardised within its sector). */
export type CellQuadrant = Pick<QuadrantCell, 'region_code' | 'sector_code' | 'quadrant'>;

/** Look-up of the quadrant of a sector × region cell; cells the engine did not classify have none. */
export function quadrantLookup(rows: CellQuadrant[]): (sector: string | null, region: string) => string | null {
  const at = new Map(rows.map((r) => [`${r.sector_code}|${r.region_code}`, r.quadrant]));
  return (sector, region) => at.get(`${sector}|${region}`) ?? null;
}
