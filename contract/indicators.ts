/**
 * The indicator API (docs/api.md "Indicators"): the catalog, indicator values, methodologies, composite scores,
 * rankings with rank uncertainty, quadrants, breakthrough candidates, replicable models and peers.
 */
import { z } from 'zod';
import { bool, choice, int, items, num, param, ParamProblem, required, text } from './params.ts';
import { bilingual, date, filterShape, filtersInOrder, level, LEVELS, period, table, tablePeriod } from './common.ts';

/** A title as a methodology writes it: either language may be missing in an uploaded spec. */
export const title = z.object({ zh: z.string().optional(), en: z.string().optional() });
export type Title = z.infer<typeof title>;

// ---- GET /api/indicators

export const SIDES = ['supply', 'demand', 'readiness', 'reference'] as const;
export const indicator = z.object({
  id: z.string(),
  side: z.enum(SIDES),
  name: bilingual,
  unit: bilingual,
  definition: bilingual,
  /** How the indicator combines above the cell level. */
  aggregation: z.enum(['sum', 'ratio_of_sums', 'distinct_count']),
  higherIsBetter: z.boolean(),
  /** Whether the value depends on how many of the window's months have data (a sum over the window, growth, …). */
  flow: z.boolean(),
});
export const indicatorCatalog = z.object({
  source: z.string(),
  levels: z.array(level),
  indicators: z.array(indicator),
});
export type Indicator = z.infer<typeof indicator>;
export type IndicatorCatalog = z.infer<typeof indicatorCatalog>;

// ---- GET /api/indicators/values (a table: one row per entity, a column per indicator)

export const levelQuery = z.object({ ...filterShape, level: choice(LEVELS, 'region') }).superRefine(filtersInOrder);
export const valueRow = z
  .object({ entity: z.string(), region_code: z.string().nullable(), sector_code: z.string().nullable() })
  .catchall(z.number().nullable());
export const indicatorValues = table(valueRow, { level, ...tablePeriod.shape });
export type ValueRow = z.infer<typeof valueRow>;

// ---- methodologies

export const nodeInfo = z.object({
  id: z.string(),
  parent: z.string().nullable(),
  kind: z.enum(['group', 'leaf']),
  title: title.optional(),
  weight: z.number(),
  /** A leaf's indicator column. */
  column: z.string().optional(),
  /** A group's aggregation (arithmetic or geometric). */
  aggregate: z.string().optional(),
});
export type NodeInfo = z.infer<typeof nodeInfo>;

export const methodologySummary = z.object({
  id: z.string(),
  title: title.nullable(),
  description: title.nullable(),
  nodes: z.array(nodeInfo),
});
export const methodologyList = z.object({ methodologies: z.array(methodologySummary) });
export type Methodology = z.infer<typeof methodologySummary>;

/** A methodology as its JSON document (docs/methodology-format.md); spec.ts checks every field of an uploaded one. */
export type SpecNodeDocument = {
  id: string;
  weight?: number;
  title?: Title;
  column?: string;
  children?: SpecNodeDocument[];
  [k: string]: unknown;
};
const specNodeDocument: z.ZodType<SpecNodeDocument> = z.lazy(() =>
  z
    .object({
      id: z.string(),
      weight: z.number().optional(),
      title: title.optional(),
      column: z.string().optional(),
      children: z.array(specNodeDocument).optional(),
    })
    .catchall(z.unknown()),
);
export const specDocument = z
  .object({
    id: z.string(),
    title: title.optional(),
    description: title.optional(),
    entity: z.string(),
    missing: z.string().optional(),
    tree: specNodeDocument,
  })
  .catchall(z.unknown());
export type SpecDocument = z.infer<typeof specDocument>;
export const methodologyParams = z.object({ id: required((t) => t) });

// ---- POST /api/composite (a table: entity, score, rank, a column per node, and contributions on request)

export const compositeQuery = z
  .object({ ...filterShape, level: choice(LEVELS, 'region'), contributions: bool(false) })
  .superRefine(filtersInOrder);
export const compositeRow = z.object({ entity: z.string() }).catchall(z.union([z.number(), z.string(), z.null()]));
export const composite = table(compositeRow, { level, index: z.string() });

// ---- GET /api/rankings

export const NORMALIZATIONS = ['spec', 'minmax', 'zscore', 'rank'] as const;
export type Normalization = (typeof NORMALIZATIONS)[number];

/** weights=nodeId:weight,nodeId:weight (relative among siblings, like the spec's own weights). */
export function parseWeights(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',').filter(Boolean)) {
    const m = /^([A-Za-z][A-Za-z0-9_.-]{0,63}):(.+)$/.exec(part.trim());
    const w = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(w))
      throw new ParamProblem('format', {
        code: 'invalid_weights',
        value: part,
        message: 'must be written nodeId:number,…',
        message_zh: '应写作 节点:数值,…',
      });
    out[m[1]] = w;
  }
  return out;
}

const indexId = text(64);

export const rankingsQuery = z
  .object({
    ...filterShape,
    level: choice(LEVELS, 'region'),
    index: indexId,
    weights: param(parseWeights, {}),
    normalize: choice(NORMALIZATIONS, 'spec'),
    draws: int(0, 1000, 1000),
    k: int(1, 1000, 5),
    seed: int(0, 2 ** 31, 20250301),
    concentration: num(0.5, 10_000, 20),
  })
  .superRefine(filtersInOrder);
export type RankingsQuery = z.output<typeof rankingsQuery>;

export const COMPARISONS = ['compared', 'no_data', 'partial_flows'] as const;
export const rankingRow = z.object({
  entity: z.string(),
  region_code: z.string().nullable(),
  sector_code: z.string().nullable(),
  name: bilingual,
  score: z.number().nullable(),
  rank: z.number().nullable(),
  nodes: z.record(z.string(), z.number().nullable()),
  contributions: z.record(z.string(), z.number().nullable()),
  previous: z.object({ score: z.number().nullable(), rank: z.number().nullable() }).nullable(),
  rank_change: z.number().nullable(),
  score_change: z.number().nullable(),
  median_rank: z.number().nullable(),
  rank_p05: z.number().nullable(),
  rank_p95: z.number().nullable(),
  p_top_k: z.number().nullable(),
  robust: z.boolean().nullable(),
});
export const ranking = z.object({
  index: z.object({ id: z.string(), title: title.nullable() }),
  level,
  period: period.nullable(),
  /**
   * comparison: whether ranks and scores are compared with the previous window ('no_data': none of its months have
   * records; 'partial_flows': only some, and the index has flows, listed in `flows`).
   */
  previous_period: period.extend({ comparison: z.enum(COMPARISONS), flows: z.array(z.string()) }).nullable(),
  normalization: z.string(),
  nodes: z.array(nodeInfo),
  uncertainty: z
    .object({
      draws: z.number(),
      variants: z.array(z.string()),
      concentration: z.number(),
      top_k: z.number(),
      robust_places: z.number(),
    })
    .nullable(),
  rows: z.array(rankingRow),
});
export type RankingRow = z.infer<typeof rankingRow>;
export type Ranking = z.infer<typeof ranking>;

// ---- GET /api/quadrants (a table)

export const QUADRANTS = ['breakthrough', 'supply_gap', 'untapped', 'latent'] as const;
export type Quadrant = (typeof QUADRANTS)[number];
export const STANDARDIZE = ['sector', 'all'] as const;

const quadrantOptions = {
  threshold: num(0, 10, 1),
  standardize: choice(STANDARDIZE, 'sector'),
  abundance_index: indexId,
  demand_index: indexId,
};
export const quadrantsQuery = z.object({ ...filterShape, ...quadrantOptions }).superRefine(filtersInOrder);
export const quadrantCell = z.object({
  entity: z.string(),
  region_code: z.string(),
  sector_code: z.string(),
  abundance: z.number().nullable(),
  demand: z.number().nullable(),
  z_abundance: z.number().nullable(),
  z_demand: z.number().nullable(),
  gap: z.number().nullable(),
  gap_percentile: z.number().nullable(),
  quadrant: z.enum(QUADRANTS).nullable(),
});
export const quadrants = table(quadrantCell, {
  threshold: z.number(),
  standardize: z.enum(STANDARDIZE),
  abundance_index: z.string(),
  demand_index: z.string(),
  ...tablePeriod.shape,
});
export type QuadrantCell = z.infer<typeof quadrantCell>;

// ---- GET /api/candidates

export const candidatesQuery = z
  .object({
    ...filterShape,
    ...quadrantOptions,
    limit: int(1, 594, 10),
    per_cell: int(1, 50, 5),
    per_sector: int(1, 594, 594),
    /** The robust shortlist: cells in the top `k` in at least `robust_share` of the rank-uncertainty draws. */
    k: int(1, 100, 5),
    robust_share: num(0.5, 1, 0.7),
  })
  .superRefine(filtersInOrder);

const nullableNumber = z.number().nullable();
/** Views a planner can turn to when no cell is robust: sectors rather than cells, every month, one sector's cells. */
export const ALTERNATIVES = ['sector_level', 'window', 'sector'] as const;
export const reason = z.object({
  node: z.string(),
  title: title.nullable(),
  kind: z.enum(['group', 'leaf']),
  indicator: z.string().optional(),
  score: nullableNumber,
  contribution: nullableNumber,
  share: nullableNumber,
});
/**
 * A leaf indicator of a candidate cell against the national distribution of cells (every cell with a value): its rank
 * (1 = highest), percentile (0 lowest … 1 highest, ties at their middle), and against the cells of its sector.
 */
export const leafStanding = z.object({
  node: z.string(),
  indicator: z.string(),
  title: title.nullable(),
  value: nullableNumber,
  rank: nullableNumber,
  of: z.number(),
  percentile: nullableNumber,
  sector_median: nullableNumber,
  /** value / sector_median, where both are counts or amounts (≥ 0) and the median is above 0. */
  sector_ratio: nullableNumber,
  /** The z-score within the sector on the index's scale (log1p for counts): how far the cell stands from its peers. */
  sector_z: nullableNumber,
});
/** A cell named in the robust shortlist, a tie group or an alternative, with its share of draws in the top k. */
export const listedCell = z.object({
  entity: z.string(),
  name: bilingual,
  rank: nullableNumber,
  p_top_k: z.number(),
});
export const candidate = z.object({
  entity: z.string(),
  region_code: z.string(),
  sector_code: z.string(),
  name: bilingual,
  score: z.number(),
  rank: z.number(),
  quadrant: z.enum(QUADRANTS).nullable(),
  gap: nullableNumber,
  gap_percentile: nullableNumber,
  abundance: nullableNumber,
  demand: nullableNumber,
  reasons: z.array(reason),
  /** Every leaf against the national distribution, most unusual first (docs/methodology.md §6). */
  standing: z.array(leafStanding),
  /** The two or three leaves where the cell is most unusual (node ids, most unusual first). */
  distinctive: z.array(z.string()),
  /** Rank uncertainty under the draws of `robustness`: median, 5–95 % interval, share of draws in the top k. */
  median_rank: nullableNumber,
  rank_p05: nullableNumber,
  rank_p95: nullableNumber,
  p_top_k: nullableNumber,
  /** In the top k in at least robust_share of the draws. */
  robust: z.boolean().nullable(),
  evidence: z.object({
    demand: z.object({
      calls: nullableNumber,
      paid_amount_cny: nullableNumber,
      distinct_users: nullableNumber,
      paying_users: nullableNumber,
      demand_growth: nullableNumber,
      cross_region_share: nullableNumber,
    }),
    supply: z.object({
      registered_resources: nullableNumber,
      total_records: nullableNumber,
      holders: nullableNumber,
      fresh_share: nullableNumber,
      open_share: nullableNumber,
    }),
    top_resources: z.array(
      z.object({
        asset_uid: z.string(),
        data_name: z.string().nullable(),
        holder_id: z.string().nullable(),
        holder_name: z.string().nullable(),
        record_count: nullableNumber,
        update_frequency: z.string().nullable(),
        open_attribute: z.string().nullable(),
        unlockable: z.boolean(),
      }),
    ),
    top_holders: z.array(
      z.object({
        holder_id: z.string(),
        holder_name: z.string().nullable(),
        resources: z.number(),
        unlockable_resources: z.number(),
        record_count: nullableNumber,
      }),
    ),
    authorizations: z.array(
      z.object({
        auth_id: z.string(),
        auth_mode: z.string(),
        scenario_name: z.string().nullable(),
        status: z.string(),
        term_start: date,
        term_end: date,
        operator_org_id: z.string(),
        operator_name: z.string().nullable(),
        products: z.number(),
      }),
    ),
    active_authorizations: z.number(),
    operators: z.number(),
  }),
  unlockable_supply: z.object({ unlockable_resources: nullableNumber, unlockable_share: nullableNumber }),
  /**
   * True when the cell lies outside the reader's regional scope: its record-level evidence (top_resources, top_holders,
   * authorizations) is withheld (empty); the aggregated figures stay.
   */
  evidence_withheld: z.boolean(),
});
export const candidates = z.object({
  index: z.object({ id: z.string(), title: title.nullable() }),
  period: period.nullable(),
  /** The last day of the window ('YYYY-MM-DD'): registrations and agreements are read as of it. */
  as_of: date.nullable(),
  nodes: z.array(nodeInfo),
  threshold: z.number(),
  standardize: z.enum(STANDARDIZE),
  /**
   * What the data can tell apart (docs/methodology.md §6): the robust shortlist, the tie group at the k-th place and,
   * when the shortlist is empty, the views where one exists. Null when no cell scores above zero.
   */
  robustness: z
    .object({
      draws: z.number(),
      k: z.number(),
      share: z.number(),
      shortlist: z.array(listedCell),
      tie_groups: z.array(
        z.object({
          /** Places of the top k the robust shortlist leaves open, which these cells contest. */
          places: z.number(),
          cells: z.array(listedCell),
        }),
      ),
      alternatives: z.array(
        z.object({
          kind: z.enum(ALTERNATIVES),
          /** The sector level: null; a longer window: its first month (YYYY-MM); a sector filter: the sector code. */
          value: z.string().nullable(),
          shortlist: z.array(listedCell),
        }),
      ),
    })
    .nullable(),
  candidates: z.array(candidate),
});
export type Reason = z.infer<typeof reason>;
export type LeafStanding = z.infer<typeof leafStanding>;
export type ListedCell = z.infer<typeof listedCell>;
export type Robustness = NonNullable<z.infer<typeof candidates>['robustness']>;
export type Candidate = z.infer<typeof candidate>;
export type Candidates = z.infer<typeof candidates>;

// ---- GET /api/models

export const modelsQuery = z
  .object({
    ...filterShape,
    min_months: int(3, 120, 12),
    min_provinces: int(1, 31, 3),
    min_paying_users: int(0, 1_000_000, 3),
    targets: int(1, 31, 5),
    abundance_index: indexId,
    /** A region to stand as adopter: each model then says where it stands (adopter). */
    for: param<string | undefined>(parseRegionCode, undefined),
  })
  .superRefine(filtersInOrder);

export const contribution = z.object({
  indicator: z.string(),
  value: nullableNumber,
  reference_value: nullableNumber,
  share: nullableNumber,
});
export const modelProvince = z.object({
  region_code: z.string(),
  name: bilingual,
  succeeded: z.boolean(),
  months_with_usage: z.number(),
  trend: nullableNumber,
  trailing_calls: nullableNumber,
  paying_users: z.number(),
  users: z.number(),
  paid_amount_cny: nullableNumber,
});
export const modelTarget = z.object({
  region_code: z.string(),
  name: bilingual,
  similarity: z.number(),
  distance: z.number(),
  contributions: z.array(contribution.extend({ node: z.string() })),
});
/**
 * Where one region stands towards a model (GET /api/models?for=): it succeeded with it, runs it without success yet,
 * is a candidate (rank among every province without it, by similarity to the provinces where it works, with the
 * indicators it is closest and furthest in), or cannot be compared (no data in the model's sector).
 */
export const modelAdopter = z.object({
  region_code: z.string(),
  standing: z.enum(['succeeded', 'running', 'candidate', 'not_comparable']),
  rank: z.number().nullable(),
  of: z.number(),
  similarity: nullableNumber,
  closest: z.array(z.string()),
  furthest: z.array(z.string()),
});
export const model = z.object({
  scenario_name: z.string(),
  sector_code: z.string().nullable(),
  auth_mode: z.string(),
  product_form: z.string(),
  charge_basis: z.string(),
  sector_name: bilingual,
  succeeding_provinces: z.number(),
  success_regions: z.array(z.string()),
  all_regions: z.array(z.string()),
  provinces: z.array(modelProvince),
  trailing_calls: nullableNumber,
  paying_users: nullableNumber,
  replicated_authorizations: nullableNumber,
  targets: z.array(modelTarget),
  adopter: modelAdopter.optional(),
});
export const models = z.object({
  period: period.nullable(),
  criteria: z.object({ min_months: z.number(), min_provinces: z.number(), min_paying_users: z.number() }),
  similarity: z.object({
    index: z.string(),
    nodes: z.array(z.object({ node: z.string(), indicator: z.string(), title: title.nullable() })),
  }),
  models: z.array(model),
});
export type Contribution = z.infer<typeof contribution>;
export type ModelProvince = z.infer<typeof modelProvince>;
export type ModelTarget = z.infer<typeof modelTarget>;
export type ModelAdopter = z.infer<typeof modelAdopter>;
export type Model = z.infer<typeof model>;
export type Models = z.infer<typeof models>;

// ---- GET /api/regions/:code/peers

export function parseRegionCode(t: string): string {
  if (!/^\d{6}$/.test(t))
    throw new ParamProblem('format', { message: 'must be six digits', message_zh: '应为六位数字' });
  return t;
}
export const peersParams = z.object({ code: required(parseRegionCode) });
export const peersQuery = z
  .object({ ...filterShape, k: int(1, 32, 5), indicators: items(50) })
  .superRefine(filtersInOrder);
export const peers = z.object({
  region: z.object({ region_code: z.string(), name: bilingual }),
  period: period.nullable(),
  indicators: z.array(z.object({ indicator: z.string(), scale: z.enum(['log1p', 'linear']) })),
  peers: z.array(
    z.object({
      region_code: z.string(),
      name: bilingual,
      similarity: z.number(),
      distance: z.number(),
      contributions: z.array(contribution.extend({ z: nullableNumber, reference_z: nullableNumber })),
    }),
  ),
});
export type Peers = z.infer<typeof peers>;
export type Peer = Peers['peers'][number];

export type { Bilingual, Level, Period } from './common.ts';
