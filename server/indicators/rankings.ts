import type { DuckDBConnection } from '@duckdb/node-api';
import type { Row } from '../db/query.ts';
import type { Filters } from '../filters.ts';
import { DEFAULT_CONCENTRATION } from './draws.ts';
import { rankUncertainty, scoreComposite } from './engine.ts';
import {
  lanes,
  materializeInputs,
  resolveWindows,
  type Fork,
  type InputSource,
  type Level,
  type Window,
} from './inputs.ts';
import { indicatorById } from './catalog.ts';
import { entityNamer, type Name } from './names.ts';
import { nodesPreOrder, type NormalizeMethod, type Spec, type SpecNode, type Title } from './spec.ts';

import { ROBUSTNESS_PLACES } from '../uncertainty.ts';

export interface RankingOptions {
  level: Level;
  filters: Filters;
  draws: number;
  topK: number;
  seed?: number;
  concentration?: number;
  /** The normalisation switch that produced `spec` (for the response), or null for the spec as shipped. */
  normalization: NormalizeMethod | null;
  inputs?: InputSource;
  /** Connections for statements that can run side by side (lanes in inputs.ts); without it, one after another. */
  fork?: Fork;
}

export interface NodeInfo {
  id: string;
  parent: string | null;
  kind: 'leaf' | 'group';
  title?: Title;
  weight: number;
  column?: string;
  aggregate?: string;
}

export interface RankingRow {
  entity: string;
  region_code: string | null;
  sector_code: string | null;
  name: Name;
  score: number | null;
  rank: number | null;
  nodes: Record<string, number | null>;
  contributions: Record<string, number | null>;
  previous: { score: number | null; rank: number | null } | null;
  rank_change: number | null;
  score_change: number | null;
  median_rank: number | null;
  rank_p05: number | null;
  rank_p95: number | null;
  p_top_k: number | null;
  robust: boolean | null;
}

export function nodeInfo(spec: Spec): NodeInfo[] {
  const parent = new Map<SpecNode, string>();
  for (const n of nodesPreOrder(spec.tree)) if (n.kind === 'group') for (const c of n.children) parent.set(c, n.id);
  return nodesPreOrder(spec.tree).map((n) => ({
    id: n.id,
    parent: parent.get(n) ?? null,
    kind: n.kind,
    ...(n.title && { title: n.title }),
    weight: n.weight,
    ...(n.kind === 'leaf' ? { column: n.column } : { aggregate: n.aggregate }),
  }));
}

/** Split a scored row's node columns into node scores and contributions. */
export function nodeColumns(spec: Spec, r: Row) {
  const nodes: Record<string, number | null> = {};
  const contributions: Record<string, number | null> = {};
  for (const n of nodesPreOrder(spec.tree)) {
    nodes[n.id] = (r[n.id] as number | null) ?? null;
    if (`${n.id}:contribution` in r) contributions[n.id] = (r[`${n.id}:contribution`] as number | null) ?? null;
  }
  return { nodes, contributions };
}

/** Flow indicators among the spec's leaves (catalog.ts): what a partly covered previous window cannot be compared on. */
export function flowColumns(spec: Spec): string[] {
  return [
    ...new Set(
      nodesPreOrder(spec.tree).flatMap((n) =>
        n.kind === 'leaf' && indicatorById.get(n.column)?.flow ? [n.column] : [],
      ),
    ),
  ];
}

/**
 * Whether a ranking compares with its previous window, given the flow columns of its index. Not when no record falls
 * in the current window (nothing is ranked; a covered previous window before a window after the data end would
 * otherwise come back as previous ranks), nor when the data start after the previous one ('no_data': every entity
 * would tie first at zero, and the zeros would stretch the pooled normalisation), nor when they cover only part of it
 * and the index has flows ('partial_flows': 8 months of calls against 12 would move every score up, as the overview
 * declines to compare such windows). Stocks at the window's end stay comparable over a partly covered window.
 */
export function previousComparison(
  flows: string[],
  windows: { current: { months_with_data: number }; previous: { months: number; months_with_data: number } },
): 'compared' | 'no_data' | 'partial_flows' {
  const { current, previous } = windows;
  if (current.months_with_data === 0 || previous.months_with_data === 0) return 'no_data';
  if (previous.months_with_data < previous.months && flows.length) return 'partial_flows';
  return 'compared';
}

/**
 * A ranking: scores on the current and the previous window (normalisation pooled over both, so score changes compare
 * like with like), contributions, and rank uncertainty from weight draws and alternative normalisations.
 */
export async function computeRanking(con: DuckDBConnection, spec: Spec, o: RankingOptions) {
  const resolved = await resolveWindows(con, o.filters);
  const flows = flowColumns(spec);
  const compared = previousComparison(flows, resolved);
  const inputs = await (o.inputs ?? materializeInputs)(con, o.level, o.filters, {
    previous: compared === 'compared',
    windows: resolved,
  });
  const { windows, table, current } = inputs;
  const run = lanes(con, o.fork, inputs);
  const name = await entityNamer(con);
  const [scored, u] = await Promise.all([
    // a stored input table may hold the previous panel even when it is not compared: then only the current one is scored,
    // so the previous values neither stretch the normalisation nor come back as previous ranks
    run((c) =>
      scoreComposite(
        c,
        spec,
        { relation: compared === 'compared' ? table : current, partition: 'period_key' },
        { contributions: true },
      ),
    ),
    // draws=0 asks for the ranking alone: the web app shows it while the 1,000 draws are still being computed
    o.draws > 0
      ? run((c) =>
          rankUncertainty(
            c,
            spec,
            { relation: current },
            { draws: o.draws, topK: o.topK, seed: o.seed, concentration: o.concentration },
          ),
        )
      : null,
  ]);
  const prev = new Map(scored.filter((r) => r.period_key === 'previous').map((r) => [String(r.entity), r]));
  const unc = new Map((u?.rows ?? []).map((r) => [r.entity, r]));
  const rows: RankingRow[] = scored
    .filter((r) => r.period_key === 'current')
    .map((r) => {
      const entity = String(r.entity);
      const p = prev.get(entity);
      const x = unc.get(entity);
      const score = r.score as number | null;
      const rank = r.rank as number | null;
      const [region, sector] =
        o.level === 'cell' ? entity.split(':') : o.level === 'region' ? [entity, null] : [null, entity];
      return {
        entity,
        region_code: region,
        sector_code: sector,
        name: name(entity),
        score,
        rank,
        ...nodeColumns(spec, r),
        previous: p ? { score: p.score as number | null, rank: p.rank as number | null } : null,
        rank_change: rank !== null && p?.rank != null ? (p.rank as number) - rank : null,
        score_change: score !== null && p?.score != null ? score - (p.score as number) : null,
        median_rank: x?.median_rank ?? null,
        rank_p05: x?.rank_p05 ?? null,
        rank_p95: x?.rank_p95 ?? null,
        p_top_k: x?.p_top_k ?? null,
        robust:
          x && rank !== null
            ? Math.max(Math.abs(x.rank_p05 - rank), Math.abs(x.rank_p95 - rank)) <= ROBUSTNESS_PLACES
            : null,
      };
    });
  return {
    index: { id: spec.id, title: spec.title ?? null },
    level: o.level,
    period: windows.current,
    previous_period: { ...windows.previous, comparison: compared, flows },
    normalization: o.normalization ?? 'as-specified',
    nodes: nodeInfo(spec),
    uncertainty: u && {
      draws: u.draws,
      variants: u.variants,
      concentration: o.concentration ?? DEFAULT_CONCENTRATION,
      top_k: o.topK,
      robust_places: ROBUSTNESS_PLACES,
    },
    rows,
  };
}

export type Ranking = Awaited<ReturnType<typeof computeRanking>>;
export type { Window };
