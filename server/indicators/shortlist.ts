import type { DuckDBConnection } from '@duckdb/node-api';
import type { ListedCell, Robustness } from '../../contract/indicators.ts';
import { queryOne } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import type { Filters } from '../filters.ts';
import { rankUncertainty, type RankUncertainty } from './engine.ts';
import { materializeInputs, type InputSource, type Level } from './inputs.ts';
import type { Name } from './names.ts';
import type { Spec } from './spec.ts';

/** Draws behind the robust shortlist: the Rankings page's default, so both pages give the same P(top k). */
export const SHORTLIST_DRAWS = 1000;

export interface ShortlistOptions {
  k: number;
  /** The share of draws a cell must be in the top k in to be on the robust shortlist. */
  share: number;
}

/**
 * The robust shortlist and the tie group at the k-th place (docs/methodology.md §6). A cell is robustly in when it is
 * in the top k in at least `share` of the draws, robustly out when it is outside in at least `share` of them; the
 * cells in between contest the places the shortlist leaves open, and the data cannot tell which of them take those
 * places. `rank` is each cell's point rank.
 */
export function robustSplit(
  rows: RankUncertainty[],
  rank: (entity: string) => number | null,
  name: (entity: string) => Name,
  o: ShortlistOptions,
): Pick<Robustness, 'shortlist' | 'tie_groups'> {
  const listed = (r: RankUncertainty): ListedCell => ({
    entity: r.entity,
    name: name(r.entity),
    rank: rank(r.entity),
    p_top_k: r.p_top_k,
  });
  const order = (a: ListedCell, b: ListedCell) =>
    b.p_top_k - a.p_top_k || (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.entity.localeCompare(b.entity);
  const shortlist = rows
    .filter((r) => r.p_top_k >= o.share)
    .map(listed)
    .sort(order);
  const contested = rows
    .filter((r) => r.p_top_k < o.share && r.p_top_k > 1 - o.share)
    .map(listed)
    .sort(order);
  const places = Math.max(0, o.k - shortlist.length);
  return { shortlist, tie_groups: contested.length && places ? [{ places, cells: contested }] : [] };
}

interface AlternativeOptions extends ShortlistOptions {
  filters: Filters;
  inputs?: InputSource;
  /** The sector most represented among the contested cells, for the "one sector" view. */
  sector: string | null;
  name: (entity: string) => Name;
}

/**
 * When no cell is robust, the views where some are: sectors rather than cells, every month of the data rather than
 * the window, and the cells of one sector. Each is scored with the same draws; only those with a robust shortlist are
 * returned. Run after the candidates' own statements: without an input store each view replaces the connection's
 * temporary input table.
 */
export async function robustAlternatives(
  con: DuckDBConnection,
  spec: Spec,
  o: AlternativeOptions,
): Promise<Robustness['alternatives']> {
  const views: { kind: Robustness['alternatives'][number]['kind']; value: string | null; level: Level; f: Filters }[] =
    [];
  if (o.filters.sectors.length !== 1) views.push({ kind: 'sector_level', value: null, level: 'sector', f: o.filters });
  const first = (await queryOne<{ first_month: string | null }>(con, sqlFile('indicators/data_months')))?.first_month;
  if (first && (!o.filters.from || o.filters.from > first))
    views.push({ kind: 'window', value: first.slice(0, 7), level: 'cell', f: { ...o.filters, from: first } });
  if (o.sector && o.filters.sectors.length !== 1)
    views.push({ kind: 'sector', value: o.sector, level: 'cell', f: { ...o.filters, sectors: [o.sector] } });
  const out: Robustness['alternatives'] = [];
  for (const v of views) {
    const inputs = await (o.inputs ?? materializeInputs)(con, v.level, v.f);
    const u = await rankUncertainty(con, spec, { relation: inputs.current }, { draws: SHORTLIST_DRAWS, topK: o.k });
    // the point rank is the median here: these views are links, their own pages show the point ranks
    const { shortlist } = robustSplit(
      u.rows,
      (e) => u.rows.find((r) => r.entity === e)?.median_rank ?? null,
      o.name,
      o,
    );
    if (shortlist.length) out.push({ kind: v.kind, value: v.value, shortlist });
  }
  return out;
}

/** The sector with most cells among these (the first-listed on a tie). */
export function mostCommonSector(cells: ListedCell[]): string | null {
  const count = new Map<string, number>();
  for (const c of cells) {
    const s = c.entity.split(':')[1];
    if (s) count.set(s, (count.get(s) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [s, n] of count) if (best === null || n > count.get(best)!) best = s;
  return best;
}
