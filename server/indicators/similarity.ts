import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows, type SqlParams } from '../db/query.ts';
import { indicatorById } from './catalog.ts';
import { quoteIdent } from '../db/sql-text.ts';
import { badRequest } from '../errors.ts';

/** A feature of a similarity: an indicator column (from the catalog, the allowlist) and its transform. */
export interface Feature {
  indicator: string;
  transform: 'none' | 'log1p';
}

export interface SimilarityRow {
  entity: string;
  distance: number;
  similarity: number;
  features: number;
  contributions: {
    indicator: string;
    value: number;
    reference_value: number;
    z: number;
    reference_z: number;
    share: number | null;
  }[];
}

/** Counts are heavy-tailed, so they are compared on a log scale; shares and rates as they are. */
export function featuresFor(indicators: string[]): Feature[] {
  return indicators.map((id) => {
    const ind = indicatorById.get(id);
    if (!ind || ind.side === 'reference')
      throw badRequest(
        'invalid_parameter',
        `unknown indicator "${id}"; see GET /api/indicators`,
        {
          field: 'indicators',
          value: id,
        },
        `未知指标「${id}」；见 GET /api/indicators`,
      );
    return { indicator: id, transform: ind.aggregation === 'ratio_of_sums' ? 'none' : 'log1p' };
  });
}

/** One comparison: the reference entities (their mean is the reference point) and the candidates measured against it. */
export interface SimilarityGroup {
  reference: string[];
  candidates: string[];
}

/**
 * Explainable similarity. With `standardize` (default) each feature is first turned into z-scores across the entities of
 * `relation`; without it the features must already share one scale (for example an index's normalised node scores).
 * In each group the reference is the mean of its reference entities; each of its candidates gets the root-mean-square
 * distance to it over the features it has, similarity 1/(1 + distance), and per feature its share of the squared
 * distance. All groups are answered by one query (one result list per group, nearest first).
 * Feature columns come from the indicator catalog or a validated spec (never from a request as text) and are quoted.
 */
export async function similarityGroups(
  con: DuckDBConnection,
  relation: string,
  features: Feature[],
  groups: SimilarityGroup[],
  opts: { params?: SqlParams; standardize?: boolean } = {},
): Promise<SimilarityRow[][]> {
  const cols = features.map((f) => {
    const c = `CAST(${quoteIdent(f.indicator)} AS DOUBLE)`;
    return `${f.transform === 'log1p' ? `ln(1 + greatest(${c}, 0))` : c} AS ${quoteIdent(f.indicator)}`;
  });
  // group membership as three parallel bound lists: group number, entity, role
  const g: number[] = [];
  const entity: string[] = [];
  const role: string[] = [];
  groups.forEach((grp, i) => {
    const members = [...grp.reference.map((e) => [e, 'reference']), ...grp.candidates.map((e) => [e, 'candidate'])];
    for (const [e, r] of members) {
      g.push(i);
      entity.push(e);
      role.push(r);
    }
  });
  if (g.length === 0) return groups.map(() => []);
  const z = opts.standardize === false ? 'l.v' : 'CASE WHEN s.sd > 0 THEN (l.v - s.mu) / s.sd ELSE 0.0 END';
  const sql = `WITH base AS (SELECT entity, ${cols.join(', ')} FROM ${relation}),
long AS (UNPIVOT base ON COLUMNS(* EXCLUDE (entity)) INTO NAME indicator VALUE v),
stats AS (SELECT indicator, avg(v) AS mu, stddev_pop(v) AS sd FROM long GROUP BY indicator),
z AS (SELECT l.entity, l.indicator, l.v, ${z} AS z FROM long l JOIN stats s USING (indicator)),
members AS (SELECT CAST(unnest($g::DOUBLE[]) AS INTEGER) AS g, unnest($entity::VARCHAR[]) AS entity, unnest($role::VARCHAR[]) AS role),
ref AS (SELECT m.g, z.indicator, avg(z.v) AS v_ref, avg(z.z) AS z_ref FROM z JOIN members m ON m.entity = z.entity AND m.role = 'reference' GROUP BY m.g, z.indicator),
d AS (SELECT m.g, z.entity, z.indicator, z.v, z.z, ref.v_ref, ref.z_ref, (z.z - ref.z_ref) ^ 2 AS sq
      FROM z JOIN members m ON m.entity = z.entity AND m.role = 'candidate' JOIN ref ON ref.g = m.g AND ref.indicator = z.indicator),
s AS (SELECT *, sq / nullif(sum(sq) OVER (PARTITION BY g, entity), 0) AS share FROM d)
SELECT g, entity, sqrt(avg(sq)) AS distance, 1 / (1 + sqrt(avg(sq))) AS similarity, count(*) AS features,
       list({'indicator': indicator, 'value': v, 'reference_value': v_ref, 'z': z, 'reference_z': z_ref, 'share': share} ORDER BY sq DESC) AS contributions
FROM s GROUP BY g, entity ORDER BY g, distance, entity`;
  const rows = await queryRows<SimilarityRow & { g: number } & Record<string, unknown>>(con, sql, {
    ...opts.params,
    g,
    entity,
    role,
  });
  const out: SimilarityRow[][] = groups.map(() => []);
  for (const { g: i, ...r } of rows) out[i].push(r);
  return out;
}

/** Similarity of one group (see similarityGroups). */
export async function similarity(
  con: DuckDBConnection,
  relation: string,
  features: Feature[],
  reference: string[],
  candidates: string[],
  opts: { params?: SqlParams; standardize?: boolean } = {},
): Promise<SimilarityRow[]> {
  return (await similarityGroups(con, relation, features, [{ reference, candidates }], opts))[0];
}
