/**
 * The methodology editor's logic, kept out of the page so it can be tested without a browser: weight overrides as they
 * travel in the URL (`weights=calls:0.5,paid:2`), the spec file the user downloads (the shipped spec with the edits
 * applied, the way the server applies them), and what an uploaded spec file means for the view.
 */
import type { LoadState } from '../../app/loader.svelte.ts';
import type { NodeInfo, Normalization, Ranking, RankingRow } from '../../../../contract/indicators.ts';

export type Weights = Record<string, number>;

/** `calls:0.5,paid:2` → { calls: 0.5, paid: 2 }. Malformed pairs are dropped (the page falls back to the spec). */
export function parseWeights(text: string | null): Weights {
  const out: Weights = {};
  if (!text) return out;
  for (const pair of text.split(',')) {
    const i = pair.lastIndexOf(':');
    if (i <= 0) continue;
    const w = Number(pair.slice(i + 1));
    if (Number.isFinite(w) && w >= 0) out[pair.slice(0, i)] = w;
  }
  return out;
}

/**
 * Only weights that differ from the spec's own, in the spec's node order and rounded to what a slider can set, so an
 * unedited view has no `weights` parameter and equal edits have equal links.
 */
export function formatWeights(weights: Weights, nodes: NodeInfo[]): string | null {
  const parts: string[] = [];
  for (const n of nodes) {
    const w = weights[n.id];
    if (w === undefined || n.parent === null) continue;
    const r = roundWeight(w);
    if (r !== roundWeight(n.weight)) parts.push(`${n.id}:${r}`);
  }
  return parts.length ? parts.join(',') : null;
}

export function roundWeight(w: number): number {
  return Math.round(w * 100) / 100;
}

/** The weight a node has in the current view: the override, else the spec's. */
export function weightOf(node: NodeInfo, weights: Weights): number {
  return weights[node.id] ?? node.weight;
}

/** A node's share among its siblings (weights are relative among siblings). */
export function siblingShare(node: NodeInfo, nodes: NodeInfo[], weights: Weights): number | null {
  const siblings = nodes.filter((n) => n.parent === node.parent);
  const total = siblings.reduce((s, n) => s + weightOf(n, weights), 0);
  return total > 0 ? weightOf(node, weights) / total : null;
}

type Json = Record<string, unknown>;

/**
 * The spec document with the view's edits applied, as the server applies them for /api/rankings: weight overrides on
 * their nodes, and a normalisation other than `spec` set on every leaf (goalposts dropped, as the server does).
 */
export function editedSpec(spec: Json, weights: Weights, norm: Normalization): Json {
  const edit = (node: Json): Json => {
    const out: Json = { ...node };
    if (typeof node.id === 'string' && weights[node.id] !== undefined) out.weight = weights[node.id];
    if (Array.isArray(node.children)) out.children = (node.children as Json[]).map(edit);
    else if (norm !== 'spec') out.normalize = { method: norm };
    return out;
  };
  return { ...spec, tree: edit(spec.tree as Json) };
}

export type UploadMeaning =
  /** Same methodology, same structure: the edits fit in the URL (index, weights, norm). */
  | { kind: 'edits'; index: string; weights: Weights; norm: Normalization }
  /** Another methodology: scored as it is through POST /api/composite. */
  | { kind: 'custom'; spec: Json; title: string };

/** What a parsed upload is: edits of a shipped methodology, or a methodology of its own. */
export function interpretUpload(doc: unknown, shipped: Record<string, Json>): UploadMeaning {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('not a JSON object');
  const spec = ((doc as Json).spec && typeof (doc as Json).spec === 'object' ? (doc as Json).spec : doc) as Json;
  if (!spec.tree || typeof spec.tree !== 'object') throw new Error('no "tree": a methodology spec has a tree of nodes');
  const id = typeof spec.id === 'string' ? spec.id : '';
  const title = titleOf(spec) || id || 'spec';
  const base = shipped[id];
  if (!base) return { kind: 'custom', spec, title };
  const mine = flatten(spec.tree as Json);
  const theirs = flatten(base.tree as Json);
  if (mine.length !== theirs.length) return { kind: 'custom', spec, title };
  const weights: Weights = {};
  const norms = new Set<string>();
  let sameNormsAsSpec = true;
  for (let i = 0; i < mine.length; i++) {
    const a = mine[i];
    const b = theirs[i];
    if (
      a.id !== b.id ||
      a.column !== b.column ||
      a.parent !== b.parent ||
      (a.transform ?? 'none') !== (b.transform ?? 'none')
    )
      return { kind: 'custom', spec, title };
    if (a.leaf) {
      norms.add(JSON.stringify(a.normalize ?? null));
      if (JSON.stringify(a.normalize ?? null) !== JSON.stringify(b.normalize ?? null)) sameNormsAsSpec = false;
    }
    if (a.parent !== null && roundWeight(a.weight) !== roundWeight(b.weight))
      weights[String(a.id)] = roundWeight(a.weight);
  }
  if (sameNormsAsSpec) return { kind: 'edits', index: id, weights, norm: 'spec' };
  // One method on every leaf without goalposts is exactly what the normalisation switch does.
  if (norms.size === 1) {
    const only = JSON.parse([...norms][0]) as { method?: string; min?: number; max?: number } | null;
    if (
      only &&
      !('min' in only) &&
      !('max' in only) &&
      (only.method === 'minmax' || only.method === 'zscore' || only.method === 'rank')
    ) {
      return { kind: 'edits', index: id, weights, norm: only.method };
    }
  }
  return { kind: 'custom', spec, title };
}

function titleOf(spec: Json): string {
  const t = spec.title;
  if (typeof t === 'string') return t;
  if (t && typeof t === 'object') return String((t as Json).en ?? (t as Json).zh ?? '');
  return '';
}

interface FlatNode {
  id: unknown;
  parent: unknown;
  column: unknown;
  transform: unknown;
  normalize: unknown;
  weight: number;
  leaf: boolean;
}

function flatten(node: Json, parent: unknown = null, out: FlatNode[] = []): FlatNode[] {
  const leaf = !Array.isArray(node.children);
  out.push({
    id: node.id,
    parent,
    column: node.column,
    transform: node.transform,
    normalize: node.normalize,
    weight: typeof node.weight === 'number' ? node.weight : 1,
    leaf,
  });
  if (!leaf) for (const c of node.children as Json[]) flatten(c, node.id, out);
  return out;
}

/** Node info (as /api/rankings lists it) of a custom spec document, for its contribution bars. */
export function nodesOfSpec(spec: Json): NodeInfo[] {
  const out: NodeInfo[] = [];
  const walk = (node: Json, parent: string | null) => {
    const id = String(node.id);
    const t = node.title;
    const title =
      typeof t === 'object' && t
        ? { zh: String((t as Json).zh ?? id), en: String((t as Json).en ?? id) }
        : { zh: String(t ?? id), en: String(t ?? id) };
    const kids = Array.isArray(node.children) ? (node.children as Json[]) : null;
    out.push({
      id,
      parent,
      kind: kids ? 'group' : 'leaf',
      title,
      weight: typeof node.weight === 'number' ? node.weight : 1,
      column: kids ? undefined : String(node.column),
    });
    kids?.forEach((c) => walk(c, id));
  };
  walk(spec.tree as Json, null);
  return out;
}

/**
 * Rows of POST /api/composite?contributions=true (entity, score, rank, <node>, <node>:contribution) in the shape of
 * /api/rankings rows; a custom spec has no previous period or rank interval, and those fields stay empty.
 */
export function rowsFromComposite(
  rows: Record<string, unknown>[],
  nodes: NodeInfo[],
  nameOf: (entity: string) => { zh: string; en: string },
): RankingRow[] {
  return rows.map((r) => {
    const entity = String(r.entity);
    const [region, sector] = entity.includes(':')
      ? entity.split(':')
      : /^\d{6}$/.test(entity)
        ? [entity, null]
        : [null, entity];
    return {
      entity,
      region_code: region,
      sector_code: sector,
      name: nameOf(entity),
      score: num(r.score),
      rank: num(r.rank),
      nodes: Object.fromEntries(nodes.map((n) => [n.id, num(r[n.id])])),
      contributions: Object.fromEntries(nodes.map((n) => [n.id, num(r[`${n.id}:contribution`])])),
      previous: null,
      rank_change: null,
      score_change: null,
      median_rank: null,
      rank_p05: null,
      rank_p95: null,
      p_top_k: null,
      robust: null,
    };
  });
}

function num(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Arrow, sign and size of a rank change (> 0 moved up). */
export function rankMove(change: number | null | undefined): {
  arrow: '▲' | '▼' | '=' | '';
  cls: 'up' | 'down' | 'same' | 'none';
  by: number;
} {
  if (change === null || change === undefined) return { arrow: '', cls: 'none', by: 0 };
  if (change > 0) return { arrow: '▲', cls: 'up', by: change };
  if (change < 0) return { arrow: '▼', cls: 'down', by: -change };
  return { arrow: '=', cls: 'same', by: 0 };
}

/**
 * Whether a ranking's rows carry their previous ranks: the server compares only with a previous window the data cover
 * whole, or in part for an index without flows (previous_period.comparison). An uploaded methodology has no previous
 * window at all, and its rows no previous ranks either way.
 */
export function comparedWithPrevious(r: Ranking | undefined): boolean {
  return !r?.previous_period || r.previous_period.comparison === 'compared';
}

/**
 * Whether a ranking is of a shipped index (GET /api/rankings), with a period, a previous window and rank uncertainty.
 * An uploaded methodology is scored through POST /api/composite and has none of them (period null).
 */
export function isShipped(r: Ranking): boolean {
  return r.period !== null;
}

/**
 * What the page shows while a ranking loads: the full answer once it has come; before that, the same ranking without
 * its draws (the page's draws=0 request, which skips the 1,000 re-scorings and so comes first) with the uncertainty
 * marked pending; before either, the last answer (shown stale) or nothing.
 */
export function shownRanking<T>(
  full: { state: LoadState; data: T | undefined },
  alone: { state: LoadState; data: T | undefined },
): { data: T | undefined; pending: boolean } {
  if (full.state !== 'ready' && alone.state === 'ready') return { data: alone.data, pending: true };
  return { data: full.data, pending: false };
}

/**
 * What the leaderboard shows while a ranking loads: the last full answer, dimmed, until the new one comes; the ranking
 * alone only when there is none yet (the first view). Re-rendering hundreds of rows costs more than the request of the
 * ranking alone saves (594 cells: about 120 ms of layout per render in Chromium), so the table renders once per
 * change, and the charts above it show the ranking alone first.
 */
export function boardRanking<T>(
  full: { state: LoadState; data: T | undefined },
  alone: { state: LoadState; data: T | undefined },
): { data: T | undefined; pending: boolean; stale: boolean } {
  if (full.data !== undefined) return { data: full.data, pending: false, stale: full.state !== 'ready' };
  return { data: alone.state === 'ready' ? alone.data : undefined, pending: alone.state === 'ready', stale: false };
}
