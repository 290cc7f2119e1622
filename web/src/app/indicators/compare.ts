/**
 * Comparing regions: which indicators the table shows and how each is formatted, ranks among the provinces (rank 1 =
 * best in the indicator's own direction), percentiles for the radar, and the default selection.
 */

export type ValueKind = 'count' | 'cny' | 'share' | 'growth' | 'rate';

/** The indicators a regional lead compares: supply, demand, authorized operation, then the scaled ones. */
export const COMPARE_INDICATORS: { id: string; kind: ValueKind; radar?: boolean }[] = [
  { id: 'registered_resources', kind: 'count', radar: true },
  { id: 'total_records', kind: 'count', radar: true },
  { id: 'holders', kind: 'count' },
  { id: 'fresh_share', kind: 'share', radar: true },
  { id: 'open_share', kind: 'share', radar: true },
  { id: 'unlockable_share', kind: 'share' },
  { id: 'calls', kind: 'count', radar: true },
  { id: 'paid_amount_cny', kind: 'cny', radar: true },
  { id: 'distinct_users', kind: 'count', radar: true },
  { id: 'demand_growth', kind: 'growth', radar: true },
  { id: 'cross_region_share', kind: 'share' },
  { id: 'active_authorizations', kind: 'count', radar: true },
  { id: 'operators', kind: 'count' },
  { id: 'products', kind: 'count' },
  { id: 'calls_per_1k_pop', kind: 'rate' },
  { id: 'resources_per_10m_pop', kind: 'rate' },
];

export const MIN_REGIONS = 2;
export const MAX_REGIONS = 6;

/** A region's row of GET /api/indicators/values (contract ValueRow) as these functions read it. */
export type ValueRow = Record<string, unknown> & { region_code: string | null };

/**
 * Rank of each region among `pool` in one indicator: 1 = best (highest, or lowest when lower is better), ties share
 * the lowest rank, regions without a value have none. `of` counts the ranked regions.
 */
export function ranksOf(
  rows: ValueRow[],
  id: string,
  pool: Set<string>,
  higherIsBetter = true,
): { rank: Map<string, number>; of: number } {
  const vals = rows.flatMap((r) =>
    r.region_code !== null && pool.has(r.region_code) && typeof r[id] === 'number' && Number.isFinite(r[id])
      ? [{ code: r.region_code, v: r[id] }]
      : [],
  );
  vals.sort((a, b) => (higherIsBetter ? b.v - a.v : a.v - b.v));
  const rank = new Map<string, number>();
  vals.forEach((x, i) => rank.set(x.code, i > 0 && vals[i - 1].v === x.v ? rank.get(vals[i - 1].code)! : i + 1));
  return { rank, of: vals.length };
}

/** Percentile of a rank among `of` (best = 100, worst = 0), the radar's common scale. */
export function percentile(rank: number | undefined, of: number): number | null {
  if (rank === undefined || of === 0) return null;
  return of === 1 ? 100 : Math.round(((of - rank) / (of - 1)) * 100);
}

/**
 * The regions compared: the province selected on the map ("my region") first, then the URL's list (unknown or
 * duplicate codes dropped, six in all at most); without a list, my region and the most active provinces by calls, three
 * in all.
 */
export function selection(fromUrl: string[], known: Set<string>, selected: string | null, rows: ValueRow[]): string[] {
  const start = selected && known.has(selected) ? [selected] : [];
  const listed = [...new Set(fromUrl.filter((c) => known.has(c)))];
  // "my region" (the map's selection) is always compared, pinned first, whatever the list says
  if (listed.length) return [...start, ...listed.filter((c) => !start.includes(c))].slice(0, MAX_REGIONS);
  const busiest = rows
    .flatMap((r) =>
      r.region_code !== null && typeof r.calls === 'number' ? [{ code: r.region_code, calls: r.calls }] : [],
    )
    .filter((r) => known.has(r.code) && !start.includes(r.code))
    .sort((a, b) => b.calls - a.calls)
    .map((r) => r.code);
  return [...start, ...busiest].slice(0, 3);
}

/** Where a region stands among the provinces in one indicator: in the top or the bottom third, or neither. */
export type Standing = 'top' | 'bottom' | undefined;

/** The third a rank falls in (rank 1 = best of `of`); undefined in the middle or without a rank or with fewer than 3. */
export function standing(rank: number | undefined, of: number): Standing {
  if (rank === undefined || of < 3) return undefined;
  const third = of / 3;
  if (rank <= third) return 'top';
  if (rank > of - third) return 'bottom';
  return undefined;
}

/**
 * The indicators ordered weakest first for one region (by its percentile among the provinces, lowest first), those
 * where it has no rank last, the catalogue order kept among equals: "where are we weak" at the top of the table.
 */
export function weakestFirst<T extends { id: string }>(
  indicators: T[],
  ranks: Map<string, { rank: Map<string, number>; of: number }>,
  code: string,
): T[] {
  const pct = (id: string) => percentile(ranks.get(id)?.rank.get(code), ranks.get(id)?.of ?? 0) ?? Infinity;
  return indicators
    .map((i, n) => ({ i, n, p: pct(i.id) }))
    .sort((a, b) => a.p - b.p || a.n - b.n)
    .map((x) => x.i);
}
