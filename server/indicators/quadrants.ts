import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../db/query.ts';
import { compileScores } from './compile.ts';
import type { CompileInput } from './compile.ts';
import type { Spec } from './spec.ts';

export type Quadrant = 'breakthrough' | 'supply_gap' | 'untapped' | 'latent';

/** How far apart (in standard deviations) demand and abundance must be to count as a gap whatever the quadrant. */
export const GAP_THRESHOLD = 1;

export interface QuadrantRow {
  entity: string;
  region_code: string;
  sector_code: string;
  abundance: number | null;
  demand: number | null;
  z_abundance: number | null;
  z_demand: number | null;
  gap: number | null;
  gap_percentile: number | null;
  quadrant: Quadrant | null;
}

/**
 * Classify region × sector cells by their abundance and demand index scores, standardised (z-scores) by default among
 * the cells of the same sector — each region against the other regions in that sector, so that sectors' different
 * scales (finance demand, urban-governance supply) do not make every cell of a sector a gap — or across all cells:
 * gap = z(demand) − z(abundance). A gap of at least `threshold` is a supply gap (demand well above supply), at most
 * −threshold untapped (abundant, little used); otherwise the quadrant of the two signs: both ≥ 0 breakthrough, both
 * below latent, and the mixed ones by the side that is above average.
 */
/** Standardise each cell against all cells, or against the same sector's cells in the other regions. */
export type Standardize = 'all' | 'sector';

export function quadrantQuery(
  abundance: Spec,
  demand: Spec,
  input: CompileInput,
  threshold = GAP_THRESHOLD,
  standardize: Standardize = 'sector',
) {
  const over = standardize === 'sector' ? `(PARTITION BY split_part(entity, ':', 2))` : '()';
  const a = compileScores(abundance, input);
  const d = compileScores(demand, input);
  const sql = `WITH a AS (${a.sql}), d AS (${d.sql}),
j AS (SELECT a.entity, a.score AS abundance, d.score AS demand FROM a JOIN d USING (entity)),
z AS (SELECT *, (abundance - avg(abundance) OVER ${over}) / nullif(stddev_pop(abundance) OVER ${over}, 0) AS z_abundance,
             (demand - avg(demand) OVER ${over}) / nullif(stddev_pop(demand) OVER ${over}, 0) AS z_demand FROM j),
g AS (SELECT *, z_demand - z_abundance AS gap FROM z)
SELECT entity, split_part(entity, ':', 1) AS region_code, split_part(entity, ':', 2) AS sector_code, abundance, demand,
       z_abundance, z_demand, gap,
       CASE WHEN gap IS NULL THEN NULL ELSE percent_rank() OVER (PARTITION BY gap IS NULL ORDER BY gap) END AS gap_percentile,
       CASE WHEN gap IS NULL THEN NULL
            WHEN gap >= $threshold THEN 'supply_gap' WHEN gap <= -$threshold THEN 'untapped'
            WHEN z_demand >= 0 AND z_abundance >= 0 THEN 'breakthrough' WHEN z_demand < 0 AND z_abundance < 0 THEN 'latent'
            WHEN z_demand >= 0 THEN 'supply_gap' ELSE 'untapped' END AS quadrant
FROM g ORDER BY gap DESC NULLS LAST, entity`;
  return { sql, params: { threshold } };
}

export async function classifyCells(
  con: DuckDBConnection,
  abundance: Spec,
  demand: Spec,
  input: CompileInput,
  threshold = GAP_THRESHOLD,
  standardize: Standardize = 'sector',
): Promise<QuadrantRow[]> {
  const q = quadrantQuery(abundance, demand, input, threshold, standardize);
  return queryRows<QuadrantRow & Record<string, unknown>>(con, q.sql, q.params);
}
