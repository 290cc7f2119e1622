import type { DuckDBConnection } from '@duckdb/node-api';
import type { Model, ModelAdopter, ModelProvince, Models } from '../../contract/indicators.ts';
import { queryRows, type SqlParams } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import type { Filters } from '../filters.ts';
import { factSql, type FactTables } from '../facts/facts.ts';
import { materializeInputs, resolveWindows, type Fork, type InputSource } from './inputs.ts';
import { methodology } from './methodologies.ts';
import { entityNamer } from './names.ts';
import { compileScores } from './compile.ts';
import { similarityGroups, type Feature } from './similarity.ts';
import { leavesWithPaths } from './spec.ts';

export interface ModelOptions {
  filters: Filters;
  minMonths: number;
  minProvinces: number;
  minPayingUsers: number;
  targets: number;
  abundanceIndex: string;
  /** A region whose standing as adopter each model reports (ModelAdopter). */
  forRegion?: string;
  inputs?: InputSource;
  /**
   * The materialised indicator facts (FactStore.tables): models.sql reads usage through them. Without them, or where
   * they cannot be materialised, it derives them from the record tables inside the statement (much slower).
   */
  facts?: (con: DuckDBConnection) => Promise<FactTables | null>;
  /** Connections for statements that can run side by side (lanes in inputs.ts). */
  fork?: Fork;
}

/** A row of models.sql: a model as the API sends it, before names and targets are added. */
type ModelRow = Omit<Model, 'sector_name' | 'provinces' | 'targets'> & {
  sector_code: string;
  provinces: Omit<ModelProvince, 'name'>[];
};

type Similar = { entity: string; similarity: number; contributions: { indicator: string; share: number | null }[] };

/** Where `region` stands towards model `m`, from the similarities of every province without the model (best first). */
export function adopterStanding(
  m: Pick<Model, 'success_regions' | 'all_regions'>,
  sims: Similar[],
  region: string,
  column: (node: string) => string,
): ModelAdopter {
  const base = { region_code: region, of: sims.length, closest: [], furthest: [] };
  if (m.success_regions.includes(region)) return { ...base, standing: 'succeeded', rank: null, similarity: null };
  if (m.all_regions.includes(region)) return { ...base, standing: 'running', rank: null, similarity: null };
  const i = sims.findIndex((s) => s.entity.split(':')[0] === region);
  if (i < 0) return { ...base, standing: 'not_comparable', rank: null, similarity: null };
  const byShare = [...sims[i].contributions]
    .filter((c) => c.share !== null)
    .sort((a, b) => a.share! - b.share! || a.indicator.localeCompare(b.indicator));
  return {
    ...base,
    standing: 'candidate',
    rank: i + 1,
    similarity: sims[i].similarity,
    closest: byShare.slice(0, 2).map((c) => column(c.indicator)),
    furthest: byShare
      .slice(-2)
      .reverse()
      .map((c) => column(c.indicator)),
  };
}

/**
 * Replicable models (models.sql) and, for each, the provinces most ready to adopt it: provinces without the scenario
 * whose data abundance in the model's sector is most like that of the provinces where it succeeded — compared on the
 * abundance index's own indicators, with each indicator's share of the distance as the explanation.
 */
export async function computeModels(con: DuckDBConnection, o: ModelOptions): Promise<Models> {
  // the models read the facts, not the inputs: with a fork they are found while the inputs are computed
  const {
    current: { to },
  } = await resolveWindows(con, o.filters);
  const findModels = async (c: DuckDBConnection) =>
    queryRows<ModelRow & Record<string, unknown>>(c, factSql('indicators/models', await o.facts?.(c)), {
      to,
      min_months: o.minMonths,
      min_provinces: o.minProvinces,
      min_paying_users: o.minPayingUsers,
      sectors: o.filters.sectors,
    });
  const modelsP = o.fork?.(findModels);
  modelsP?.catch(() => undefined); // awaited below; a failure meanwhile must not count as unhandled
  const { windows, current } = await (o.inputs ?? materializeInputs)(con, 'cell', { ...o.filters, sectors: [] });
  const models = await (modelsP ?? findModels(con));
  const provinces = (await queryRows<{ region_code: string }>(con, sqlFile('indicators/provinces'))).map(
    (r) => r.region_code,
  );
  const abundance = methodology(o.abundanceIndex);
  const leaves = leavesWithPaths(abundance.tree).map((l) => l.leaf);
  const features: Feature[] = leaves.map((l) => ({ indicator: l.id, transform: 'none' }));
  const name = await entityNamer(con);
  // The provinces' cells of each model's sector, scored by the abundance index within that sector: its leaf scores put
  // every indicator on the scale the index itself aggregates on, so similarity means "similar data abundance" as the
  // index sees it. One query scores every sector that has a model and compares every model (similarityGroups).
  const sectors = [...new Set(models.map((m) => m.sector_code))];
  const params: SqlParams = { provinces };
  const scored = sectors.map((sector, i) => {
    params[`sector_${i}`] = sector;
    const cells = `(SELECT * FROM ${current} WHERE sector_code = $sector_${i} AND list_contains($provinces, region_code))`;
    return `(${compileScores(abundance, { relation: cells }).sql})`;
  });
  const groups = models.map((m) => {
    const cell = (r: string) => `${r}:${m.sector_code}`;
    return {
      reference: m.success_regions.map(cell),
      candidates: provinces.filter((p) => !m.all_regions.includes(p)).map(cell),
    };
  });
  const similar = scored.length
    ? await similarityGroups(con, `(${scored.join('\nUNION ALL\n')})`, features, groups, { params, standardize: false })
    : [];
  const leafColumn = new Map(leaves.map((l) => [l.id, l.column]));
  const column = (node: string) => leafColumn.get(node) ?? node;
  const out = [];
  for (const [i, m] of models.entries()) {
    const sims = similar[i];
    out.push({
      ...m,
      sector_name: name(m.sector_code),
      provinces: m.provinces.map((p) => ({ ...p, name: name(String(p.region_code)) })),
      targets: sims.slice(0, o.targets).map((s) => {
        const region = s.entity.split(':')[0];
        const contributions = s.contributions.map((c) => ({
          node: c.indicator,
          indicator: column(c.indicator),
          value: c.value,
          reference_value: c.reference_value,
          share: c.share,
        }));
        return {
          region_code: region,
          name: name(region),
          similarity: s.similarity,
          distance: s.distance,
          contributions,
        };
      }),
      ...(o.forRegion !== undefined && { adopter: adopterStanding(m, sims, o.forRegion, column) }),
    });
  }
  return {
    period: windows.current,
    criteria: { min_months: o.minMonths, min_provinces: o.minProvinces, min_paying_users: o.minPayingUsers },
    similarity: {
      index: abundance.id,
      nodes: leaves.map((l) => ({ node: l.id, indicator: l.column, title: l.title ?? null })),
    },
    models: out,
  };
}
