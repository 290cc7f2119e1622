import { quoteIdent, quoteString, sqlNumber } from '../db/sql-text.ts';
import { nodesPreOrder, type GroupNode, type LeafNode, type Normalize, type Spec, type SpecNode } from './spec.ts';

// Compiles a validated spec into one DuckDB query over an input relation. Identifiers reach the SQL only after the spec
// was checked against the input's real columns (parseSpec with columns) and then quoted; numbers only after a
// finiteness check. Internal aliases (v0, n0, s0…) keep user-chosen node ids out of expressions entirely.

/** The relation a spec is scored over: SQL text the caller controls (a quoted table name or a sub-query). */
export interface CompileInput {
  relation: string;
  /** Optional column that splits the rows into panels (for example current and previous period): normalisation
   *  statistics are pooled over all panels, so scores are comparable across them; ranks are per panel. */
  partition?: string;
}

export interface CompileOptions {
  /** Also output, per node, its contribution to the score (column "<id>:contribution"). */
  contributions?: boolean;
}

export interface CompiledQuery {
  sql: string;
  /** Output columns in order. */
  columns: string[];
}

/** The spec's nodes with their position (pre-order index), used for the internal aliases. */
interface Indexed {
  nodes: SpecNode[];
  index: Map<SpecNode, number>;
  leaves: LeafNode[];
  groups: GroupNode[];
}

function indexSpec(spec: Spec): Indexed {
  const nodes = nodesPreOrder(spec.tree);
  const index = new Map(nodes.map((n, i) => [n, i]));
  return {
    nodes,
    index,
    leaves: nodes.filter((n): n is LeafNode => n.kind === 'leaf'),
    groups: nodes.filter((n): n is GroupNode => n.kind === 'group'),
  };
}

const GOALPOST_TRANSFORM = { none: (x: number) => x, log: Math.log, log1p: Math.log1p, sqrt: Math.sqrt };

/** The leaf's raw value after its transform; out-of-domain values stop the query with a message naming the entity. */
function transformedValue(leaf: LeafNode, entityCol: string): string {
  const x = `CAST(${quoteIdent(leaf.column)} AS DOUBLE)`;
  const bad = (need: string) =>
    `error(${quoteString(`column "${leaf.column}" (node "${leaf.id}", transform ${leaf.transform}) needs values ${need}; entity `)} || CAST(${entityCol} AS VARCHAR) || ' has ' || CAST(${x} AS VARCHAR))`;
  switch (leaf.transform) {
    case 'none':
      return x;
    case 'log':
      return `CASE WHEN ${x} IS NULL THEN NULL WHEN ${x} > 0 THEN ln(${x}) ELSE ${bad('> 0 (use log1p for counts with zeros)')} END`;
    case 'log1p':
      return `CASE WHEN ${x} IS NULL THEN NULL WHEN ${x} > -1 THEN ln(1 + ${x}) ELSE ${bad('> -1')} END`;
    case 'sqrt':
      return `CASE WHEN ${x} IS NULL THEN NULL WHEN ${x} >= 0 THEN sqrt(${x}) ELSE ${bad('>= 0')} END`;
  }
}

/**
 * A leaf's normalised, oriented value from its transformed value v<i> and the pooled statistics (mn<i>, mx<i>, av<i>,
 * sd<i>). A constant indicator (max = min) carries no information: min-max gives every entity 0.5, z-score 0.
 */
function normalizedValue(leaf: LeafNode, i: number, norm: Normalize, rankPartition: string): string {
  const v = `v${i}`;
  let e: string;
  switch (norm.method) {
    case 'minmax':
      if (norm.min !== undefined && norm.max !== undefined) {
        const t = GOALPOST_TRANSFORM[leaf.transform];
        const lo = sqlNumber(t(norm.min));
        const hi = sqlNumber(t(norm.max));
        e = `(${v} - ${lo}) / (${hi} - ${lo})`;
        if (norm.clamp !== false) e = `greatest(0.0, least(1.0, ${e}))`;
      } else {
        e = `CASE WHEN mx${i} > mn${i} THEN (${v} - mn${i}) / (mx${i} - mn${i}) ELSE 0.5 END`;
      }
      break;
    case 'zscore':
      e = `CASE WHEN sd${i} > 0 THEN (${v} - av${i}) / sd${i} ELSE 0.0 END`;
      break;
    case 'rank':
      // (rank − 1)/(n − 1) among the entities that have a value; ties share the lowest rank.
      e = `percent_rank() OVER (PARTITION BY ${rankPartition}${v} IS NULL OR NOT included ORDER BY ${v})`;
      break;
    case 'none':
      e = v;
      break;
  }
  if (leaf.direction === 'lower_is_better')
    e = norm.method === 'minmax' || norm.method === 'rank' ? `1.0 - (${e})` : `-(${e})`;
  return `CASE WHEN ${v} IS NULL THEN NULL ELSE ${e} END`;
}

/** Apply the missing-value policy to a leaf's normalised value. */
function withMissingPolicy(spec: Spec, e: string): string {
  if (spec.missing === 'zero') return `coalesce(${e}, 0.0)`;
  if (spec.missing === 'exclude') return `CASE WHEN included THEN ${e} END`;
  return e;
}

/**
 * A group's score from its children's scores (SQL expressions) and weights (SQL expressions). Missing children are left
 * out and the remaining weights renormalised; with no child present the group is missing.
 */
function groupValue(g: GroupNode, children: string[], weights: string[], entityCol: string): string {
  const present = children.map((c, k) => `(CASE WHEN ${c} IS NULL THEN 0.0 ELSE ${weights[k]} END)`).join(' + ');
  if (g.aggregate === 'arithmetic') {
    const num = children.map((c, k) => `coalesce(${weights[k]} * ${c}, 0.0)`).join(' + ');
    return `CASE WHEN (${present}) > 0 THEN (${num}) / (${present}) END`;
  }
  const negative = children
    .map(
      (c, k) =>
        `WHEN ${c} < 0 THEN error(${quoteString(`geometric group "${g.id}" needs children ≥ 0, but "${g.children[k].id}" is `)} || CAST(${c} AS VARCHAR) || ' for entity ' || CAST(${entityCol} AS VARCHAR))`,
    )
    .join(' ');
  const zero = children.map((c, k) => `(${weights[k]} > 0 AND ${c} = 0)`).join(' OR ');
  const logSum = children
    .map((c, k) => `coalesce(${weights[k]} * ln(CASE WHEN ${c} > 0 THEN ${c} END), 0.0)`)
    .join(' + ');
  return `CASE ${negative} WHEN ${zero} THEN 0.0 WHEN (${present}) > 0 THEN exp((${logSum}) / (${present})) END`;
}

const hasGeometric = (ix: Indexed) => ix.groups.some((g) => g.aggregate === 'geometric');

function height(n: SpecNode): number {
  return n.kind === 'leaf' ? 0 : 1 + Math.max(...n.children.map(height));
}

/** CTEs that compute every group's score bottom-up, one CTE per tree height so expressions stay linear in size. */
function groupLevels(
  ix: Indexed,
  from: string,
  weightOf: (n: SpecNode) => string,
  prefix: string,
): { ctes: string[]; last: string } {
  const ctes: string[] = [];
  let prev = from;
  const maxH = Math.max(...ix.groups.map(height), 0);
  for (let h = 1; h <= maxH; h++) {
    const cols = ix.groups
      .filter((g) => height(g) === h)
      .map((g) => {
        const kids = g.children.map((c) => `s${ix.index.get(c)}`);
        return `${groupValue(g, kids, g.children.map(weightOf), 'entity')} AS s${ix.index.get(g)}`;
      });
    const name = `${prefix}${h}`;
    ctes.push(`${name} AS (SELECT *, ${cols.join(', ')} FROM ${prev})`);
    prev = name;
  }
  return { ctes, last: prev };
}

/** CTEs that split each group's contribution among its children in proportion to weight × score (exact for
 *  arithmetic groups, an attribution for geometric ones), top-down; the leaves' contributions sum to the score. */
function contributionLevels(ix: Indexed, from: string): { ctes: string[]; last: string } {
  const ctes: string[] = [];
  let prev = from;
  const depth = new Map<SpecNode, number>();
  const walk = (n: SpecNode, d: number) => {
    depth.set(n, d);
    if (n.kind === 'group') n.children.forEach((c) => walk(c, d + 1));
  };
  walk(ix.nodes[0], 0);
  ctes.push(`k0 AS (SELECT *, s0 AS c0 FROM ${prev})`);
  prev = 'k0';
  const maxD = Math.max(...depth.values());
  for (let d = 1; d <= maxD; d++) {
    const cols: string[] = [];
    for (const g of ix.groups.filter((g) => depth.get(g) === d - 1)) {
      const gi = ix.index.get(g)!;
      const ws = g.children.map((c) => sqlNumber(c.weight));
      const ss = g.children.map((c) => `s${ix.index.get(c)}`);
      const wsum = ss.map((s, k) => `coalesce(${ws[k]} * ${s}, 0.0)`).join(' + ');
      const wpresent = ss.map((s, k) => `(CASE WHEN ${s} IS NULL THEN 0.0 ELSE ${ws[k]} END)`).join(' + ');
      g.children.forEach((c, k) => {
        const share = `CASE WHEN ${ss[k]} IS NULL THEN NULL WHEN (${wsum}) <> 0 THEN ${ws[k]} * ${ss[k]} / (${wsum}) WHEN (${wpresent}) > 0 THEN ${ws[k]} / (${wpresent}) END`;
        cols.push(`c${gi} * (${share}) AS c${ix.index.get(c)}`);
      });
    }
    ctes.push(`k${d} AS (SELECT *, ${cols.join(', ')} FROM ${prev})`);
    prev = `k${d}`;
  }
  return { ctes, last: prev };
}

/** src, flags, stats: the transformed leaf values, which rows count, and pooled statistics (with the duplicate check). */
function baseCtes(spec: Spec, ix: Indexed, input: CompileInput): string[] {
  const entity = quoteIdent(spec.entity);
  const part = input.partition ? `${quoteIdent(input.partition)} AS part, ` : `'' AS part, `;
  const values = ix.leaves.map((l) => `${transformedValue(l, entity)} AS v${ix.index.get(l)}`);
  const complete =
    spec.missing === 'exclude' ? ix.leaves.map((l) => `v${ix.index.get(l)} IS NOT NULL`).join(' AND ') : 'true';
  const stats = ix.leaves.flatMap((l) => {
    const i = ix.index.get(l);
    return [
      `min(v${i}) FILTER (WHERE included) AS mn${i}`,
      `max(v${i}) FILTER (WHERE included) AS mx${i}`,
      `avg(v${i}) FILTER (WHERE included) AS av${i}`,
      `stddev_pop(v${i}) FILTER (WHERE included) AS sd${i}`,
    ];
  });
  const dupMessage = `column "${spec.entity}" must name each entity once${input.partition ? ' per panel' : ''}, but `;
  return [
    `src AS (SELECT ${part}CAST(${entity} AS VARCHAR) AS entity, ${values.join(', ')} FROM ${input.relation})`,
    `flags AS (SELECT *, (${complete}) AS included FROM src)`,
    `dups AS (SELECT min(entity) AS dup, count(*) FILTER (WHERE entity IS NULL) AS nulls FROM (SELECT part, entity, count(*) AS n FROM src GROUP BY ALL) WHERE n > 1 OR entity IS NULL)`,
    `stats AS (SELECT ${[...stats, `(SELECT CASE WHEN nulls > 0 THEN error(${quoteString(`column "${spec.entity}" has an empty value; every row needs an entity`)}) WHEN dup IS NOT NULL THEN error(${quoteString(dupMessage)} || dup || ' appears more than once') ELSE true END FROM dups) AS unique_ok`].join(', ')} FROM flags)`,
  ];
}

/** Score every entity: entity, score, rank, one column per node (pre-order), optionally contributions. */
export function compileScores(spec: Spec, input: CompileInput, opts: CompileOptions = {}): CompiledQuery {
  const ix = indexSpec(spec);
  const rankPartition = 'part, ';
  const leafCols = ix.leaves.map((l) => {
    const i = ix.index.get(l)!;
    return `${withMissingPolicy(spec, normalizedValue(l, i, l.normalize, rankPartition))} AS s${i}`;
  });
  const ctes = [
    ...baseCtes(spec, ix, input),
    `leaves AS (SELECT flags.*, ${leafCols.join(', ')} FROM flags CROSS JOIN stats WHERE stats.unique_ok)`,
  ];
  const levels = groupLevels(ix, 'leaves', (n) => sqlNumber(n.weight), 'g');
  ctes.push(...levels.ctes);
  let last = levels.last;
  if (opts.contributions) {
    const k = contributionLevels(ix, last);
    ctes.push(...k.ctes);
    last = k.last;
  }
  const nodeCols = ix.nodes.map((n, i) => `s${i} AS ${quoteIdent(n.id)}`);
  const contribCols = opts.contributions
    ? ix.nodes.map((n, i) => `c${i} AS ${quoteIdent(`${n.id}:contribution`)}`)
    : [];
  const rank = `CASE WHEN s0 IS NULL THEN NULL ELSE rank() OVER (PARTITION BY part, s0 IS NULL ORDER BY round(s0, 10) DESC) END`;
  const partCol = input.partition ? [`part AS ${quoteIdent(input.partition)}`] : [];
  const sql = `WITH ${ctes.join(',\n')}\nSELECT ${[...partCol, 'entity', 's0 AS score', `${rank} AS "rank"`, ...nodeCols, ...contribCols].join(', ')}\nFROM ${last}\nORDER BY part, "rank" NULLS LAST, entity`;
  const columns = [
    ...(input.partition ? [input.partition] : []),
    'entity',
    'score',
    'rank',
    ...ix.nodes.map((n) => n.id),
    ...(opts.contributions ? ix.nodes.map((n) => `${n.id}:contribution`) : []),
  ];
  return { sql, columns };
}

/**
 * Rank uncertainty: re-score under N weight draws and alternative normalisations, all in one query. The caller binds
 * $draw_weights (N × nodes values, draw-major, in pre-order), $draw_variant (N values: which entry of `variants`
 * each draw uses) and $top_k. Output per entity: median rank, 5th and 95th percentile rank, P(rank ≤ k).
 */
export function compileUncertainty(spec: Spec, variants: Spec[], input: CompileInput): CompiledQuery {
  const ix = indexSpec(spec);
  const nodeCount = ix.nodes.length;
  const normCols: string[] = [];
  const normNames: string[] = [];
  variants.forEach((variant, m) => {
    const vix = indexSpec(variant);
    vix.leaves.forEach((l, li) => {
      const i = ix.index.get(ix.leaves[li])!;
      normNames.push(`n${i}_${m}`);
      normCols.push(`${withMissingPolicy(spec, normalizedValue(l, i, l.normalize, 'part, '))} AS n${i}_${m}`);
    });
  });
  // The weight list is unnested once and pivoted to one row per draw (indexing the bound list per row would copy it).
  const weightCols = ix.nodes.map((_, j) => `max(w) FILTER (WHERE pos % ${nodeCount} = ${j}) AS w${j}`);
  // Entities whose transformed values are all equal have equal normalised values under every variant, so they tie in
  // every draw. The largest such tie group (often the empty cells: no usage, or no registrations) is scored and ranked
  // once, as tg 0 carrying its size; every other entity is a row of its own, so plain rank() ranks them and only the
  // one group's extra members need adding (cheaper than a frame summing sizes: docs/methodology.md §8).
  const vCols = ix.leaves.map((l) => `v${ix.index.get(l)}`);
  const ctes = [
    ...baseCtes(spec, ix, input),
    `tied AS MATERIALIZED (SELECT CAST(dense_rank() OVER (ORDER BY included, ${vCols.join(', ')}) AS INTEGER) AS tie, flags.entity, ${normCols.join(', ')} FROM flags CROSS JOIN stats WHERE stats.unique_ok)`,
    `normed AS MATERIALIZED (SELECT CASE WHEN tie = (SELECT tie FROM tied GROUP BY tie HAVING count(*) > 1 ORDER BY count(*) DESC, tie LIMIT 1) THEN 0 ELSE CAST(row_number() OVER (ORDER BY entity) AS INTEGER) END AS tg, * EXCLUDE (tie) FROM tied)`,
    `reps AS MATERIALIZED (SELECT tg, CAST(count(*) AS INTEGER) AS size, min(entity) AS entity, ${normNames.map((c) => `min(${c}) AS ${c}`).join(', ')} FROM normed GROUP BY tg)`,
    // the draws arrive as text (drawParams in engine.ts): binding 5,000 numbers as a list costs ~10 ms in node-api
    `draw_list AS MATERIALIZED (SELECT unnest(ws) AS w, generate_subscripts(ws, 1) - 1 AS pos FROM (SELECT CAST(string_split(nullif($draw_weights, ''), ',') AS DOUBLE[]) AS ws))`,
    `variant_list AS MATERIALIZED (SELECT unnest(vs) AS m, CAST(generate_subscripts(vs, 1) - 1 AS INTEGER) AS d FROM (SELECT CAST(string_split(nullif($draw_variant, ''), ',') AS INTEGER[]) AS vs))`,
    `draws AS MATERIALIZED (SELECT d, variant_list.m, w.* EXCLUDE (d) FROM (SELECT CAST(pos // ${nodeCount} AS INTEGER) AS d, ${weightCols.join(', ')} FROM draw_list GROUP BY d) w JOIN variant_list USING (d))`,
    // each draw meets every group with the leaf values of its variant: one cross product per variant, as a join on the
    // variant (four keys, hundreds of rows each) spends its time walking hash chains; the entity's name rides along
    // only where a geometric group may need it for an error message
    `x AS (${variants
      .map(
        (_, m) =>
          `SELECT reps.tg, ${hasGeometric(ix) ? 'reps.entity, ' : ''}${ix.leaves
            .map((l) => {
              const i = ix.index.get(l)!;
              return `reps.n${i}_${m} AS s${i}`;
            })
            .join(', ')}, dm.* EXCLUDE (m) FROM (SELECT * FROM draws WHERE m = ${m}) dm CROSS JOIN reps`,
      )
      .join(' UNION ALL ')})`,
  ];
  const levels = groupLevels(ix, 'x', (n) => `w${ix.index.get(n)}`, 'u');
  ctes.push(...levels.ctes);
  // a row's rank counts the entities ahead of it: rank() counts the rows ahead, and the tie group of tg 0, when ahead,
  // stands for size - 1 more. Unscored rows sort last, so they are behind every scored one and are dropped after the
  // window: a filter on s0 before it would be pushed down and evaluate the whole score expression twice.
  ctes.push(`keyed AS (SELECT tg, d, s0, round(s0, 10) AS k FROM ${levels.last})`);
  ctes.push(
    `ranked AS (SELECT tg, s0, rank() OVER per_draw + CASE WHEN max(CASE WHEN tg = 0 THEN k END) OVER (per_draw ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) > k THEN (SELECT size - 1 FROM reps WHERE tg = 0) ELSE 0 END AS r FROM keyed WINDOW per_draw AS (PARTITION BY d ORDER BY k DESC NULLS LAST))`,
  );
  // one quantile aggregate with a list of fractions sorts each group's ranks once instead of three times
  ctes.push(
    `stats_by_tg AS (SELECT tg, quantile_disc(r, [0.5, 0.05, 0.95]) AS q, avg(CASE WHEN r <= $top_k THEN 1.0 ELSE 0.0 END) AS p_top_k, count(*) AS draws FROM ranked WHERE s0 IS NOT NULL GROUP BY tg)`,
  );
  const sql = `WITH ${ctes.join(',\n')}\nSELECT normed.entity, q[1] AS median_rank, q[2] AS rank_p05, q[3] AS rank_p95, p_top_k, draws\nFROM stats_by_tg JOIN normed USING (tg) ORDER BY median_rank, entity`;
  return { sql, columns: ['entity', 'median_rank', 'rank_p05', 'rank_p95', 'p_top_k', 'draws'] };
}
