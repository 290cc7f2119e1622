import type { DuckDBConnection } from '@duckdb/node-api';
import type { Candidate, Candidates } from '../../contract/indicators.ts';
import { queryRows, type Row } from '../db/query.ts';
import { inScope, type Scope } from '../db/scope.ts';
import { sqlFile } from '../db/sql-files.ts';
import type { Filters } from '../filters.ts';
import { rankUncertainty, scoreComposite } from './engine.ts';
import { factSql } from '../facts/facts.ts';
import { lanes, materializeInputs, windowEnd, type Fork, type InputSource } from './inputs.ts';
import { methodology } from './methodologies.ts';
import { entityNamer } from './names.ts';
import { classifyCells, type Standardize } from './quadrants.ts';
import { nodeColumns, nodeInfo } from './rankings.ts';
import { mostCommonSector, robustAlternatives, robustSplit, SHORTLIST_DRAWS } from './shortlist.ts';
import { nodesPreOrder, type Spec } from './spec.ts';
import { distinctive, standingsOf } from './standing.ts';

type Evidence = Candidate['evidence'];

export const OPPORTUNITY_INDEX = 'breakthrough-opportunity';

export interface CandidateOptions {
  filters: Filters;
  limit: number;
  /** At most this many cells of one sector in the list (a diverse shortlist); the ranks stay the national ones. */
  perSector?: number;
  perCell: number;
  /** The robust shortlist: cells in the top k (default 5) in at least `robustShare` (0.7) of the draws (shortlist.ts). */
  k?: number;
  robustShare?: number;
  threshold: number;
  standardize: Standardize;
  abundanceIndex: string;
  demandIndex: string;
  inputs?: InputSource;
  /** Connections for statements that can run side by side (lanes in inputs.ts). */
  fork?: Fork;
}

/** The rows in their order, leaving out each beyond the first `n` of its sector (entities are `region:sector`). */
export function atMostPerSector<T extends Record<string, unknown>>(rows: T[], n = Infinity): T[] {
  const seen = new Map<string, number>();
  return rows.filter((r) => {
    const sector = String(r.entity).split(':')[1];
    const count = (seen.get(sector) ?? 0) + 1;
    seen.set(sector, count);
    return count <= n;
  });
}

/** The nodes that drive a candidate's score, largest contribution first. */
function reasons(spec: Spec, nodes: Record<string, number | null>, contributions: Record<string, number | null>) {
  const score = nodes[spec.tree.id] ?? 0;
  return nodesPreOrder(spec.tree)
    .filter((n) => n !== spec.tree)
    .map((n) => ({
      node: n.id,
      title: n.title ?? null,
      kind: n.kind,
      ...(n.kind === 'leaf' && { indicator: n.column }),
      score: nodes[n.id],
      contribution: contributions[n.id],
      share: score > 0 && contributions[n.id] !== null ? contributions[n.id]! / score : null,
    }))
    .sort((a, b) => (b.contribution ?? -Infinity) - (a.contribution ?? -Infinity));
}

/**
 * Breakthrough candidates: region × sector cells ranked by the breakthrough-opportunity index (high demand, ample
 * supply, growing demand, unlockable supply), with their quadrant and gap, the reasons (node contributions, and each
 * leaf against the national distribution of cells: standing.ts), their rank uncertainty with the robust shortlist
 * (shortlist.ts) and the evidence (largest resources and holders, authorizations and operators, demand figures,
 * unlockable supply).
 */
export async function computeCandidates(con: DuckDBConnection, options: CandidateOptions): Promise<Candidates> {
  const o = { ...options, k: options.k ?? 5, robustShare: options.robustShare ?? 0.7 };
  const spec = methodology(OPPORTUNITY_INDEX);
  const inputs = await (o.inputs ?? materializeInputs)(con, 'cell', o.filters);
  const { windows, current, facts } = inputs;
  const run = lanes(con, o.fork, inputs);
  const asOf = windowEnd(windows.current.to);
  // the quadrants beside the scores; the evidence for the top cells once the scores have named them
  const quadrantsP = run((c) =>
    classifyCells(
      c,
      methodology(o.abundanceIndex),
      methodology(o.demandIndex),
      { relation: current },
      o.threshold,
      o.standardize,
    ),
  );
  quadrantsP.catch(() => undefined); // awaited below; a failure meanwhile must not count as unhandled
  const uncertaintyP = run((c) =>
    rankUncertainty(c, spec, { relation: current }, { draws: SHORTLIST_DRAWS, topK: o.k }),
  );
  uncertaintyP.catch(() => undefined);
  const scored = await run((c) => scoreComposite(c, spec, { relation: current }, { contributions: true }));
  const positive = scored.filter((r) => (r.score as number | null) !== null && (r.score as number) > 0);
  const top = atMostPerSector(positive, o.perSector).slice(0, o.limit);
  const cells = top.map((r) => String(r.entity));
  const params = { cells, as_of: asOf, from: windows.current.from, per_cell: o.perCell };
  const name = await entityNamer(con);
  // every cell's inputs: the candidates' evidence, and the national distribution their reasons are read against
  const [quadrantRows, inputRows, supplyRows, authRows, uncertainty] = await Promise.all([
    quadrantsP,
    run((c) => queryRows(c, `SELECT * FROM ${current}`)),
    run((c) => queryRows(c, factSql('indicators/evidence_supply', facts), params)),
    run((c) => queryRows(c, sqlFile('indicators/evidence_authorizations'), params)),
    uncertaintyP,
  ]);
  const standing = standingsOf(spec, inputRows);
  const ranks = new Map(scored.map((r) => [String(r.entity), r.rank as number | null]));
  const drawn = new Map(uncertainty.rows.map((u) => [u.entity, u]));
  const split = robustSplit(uncertainty.rows, (e) => ranks.get(e) ?? null, name, { k: o.k, share: o.robustShare });
  const alternatives =
    positive.length && !split.shortlist.length
      ? await robustAlternatives(con, spec, {
          k: o.k,
          share: o.robustShare,
          filters: o.filters,
          inputs: o.inputs,
          sector: mostCommonSector(split.tie_groups[0]?.cells ?? []),
          name,
        })
      : [];
  const quadrants = new Map(quadrantRows.map((q) => [q.entity, q]));
  const values = new Map(inputRows.map((r) => [String(r.entity), r]));
  const supply = groupBy(supplyRows, 'cell');
  const auths = groupBy(authRows, 'cell');
  const candidates = top.map((r): Candidate => {
    const cell = String(r.entity);
    const x = values.get(cell) ?? {};
    const q = quadrants.get(cell);
    const { nodes, contributions } = nodeColumns(spec, r);
    const ev = supply.get(cell) ?? [];
    const [region_code, sector_code] = cell.split(':');
    const leaves = standing(cell);
    const u = drawn.get(cell);
    return {
      entity: cell,
      region_code,
      sector_code,
      name: name(cell),
      score: r.score as number,
      rank: r.rank as number,
      quadrant: q?.quadrant ?? null,
      gap: q?.gap ?? null,
      gap_percentile: q?.gap_percentile ?? null,
      abundance: q?.abundance ?? null,
      demand: q?.demand ?? null,
      reasons: reasons(spec, nodes, contributions),
      standing: leaves,
      distinctive: distinctive(leaves),
      median_rank: u?.median_rank ?? null,
      rank_p05: u?.rank_p05 ?? null,
      rank_p95: u?.rank_p95 ?? null,
      p_top_k: u?.p_top_k ?? null,
      robust: u ? u.p_top_k >= o.robustShare : null,
      evidence: {
        demand: pick<Evidence['demand']>(x, [
          'calls',
          'paid_amount_cny',
          'distinct_users',
          'paying_users',
          'demand_growth',
          'cross_region_share',
        ]),
        supply: pick<Evidence['supply']>(x, [
          'registered_resources',
          'total_records',
          'holders',
          'fresh_share',
          'open_share',
        ]),
        top_resources: ev
          .filter((e) => e.kind === 'resource')
          .map((e) =>
            pick<Evidence['top_resources'][number]>(e, [
              'asset_uid',
              'data_name',
              'holder_id',
              'holder_name',
              'record_count',
              'update_frequency',
              'open_attribute',
              'unlockable',
            ]),
          ),
        top_holders: ev
          .filter((e) => e.kind === 'holder')
          .map((e) =>
            pick<Evidence['top_holders'][number]>(e, [
              'holder_id',
              'holder_name',
              'resources',
              'unlockable_resources',
              'record_count',
            ]),
          ),
        authorizations: (auths.get(cell) ?? []).map((a) =>
          pick<Evidence['authorizations'][number]>(a, [
            'auth_id',
            'auth_mode',
            'scenario_name',
            'status',
            'term_start',
            'term_end',
            'operator_org_id',
            'operator_name',
            'products',
          ]),
        ),
        active_authorizations: (x.active_authorizations as number | null) ?? 0,
        operators: (x.operators as number | null) ?? 0,
      },
      unlockable_supply: pick<Candidate['unlockable_supply']>(x, ['unlockable_resources', 'unlockable_share']),
      evidence_withheld: false,
    };
  });
  return {
    index: { id: spec.id, title: spec.title ?? null },
    period: windows.current,
    as_of: asOf,
    nodes: nodeInfo(spec),
    threshold: o.threshold,
    standardize: o.standardize,
    robustness: positive.length
      ? { draws: uncertainty.draws, k: o.k, share: o.robustShare, ...split, alternatives }
      : null,
    candidates,
  };
}

function groupBy(rows: Row[], key: string): Map<string, Row[]> {
  const m = new Map<string, Row[]>();
  for (const r of rows) {
    const k = String(r[key]);
    (m.get(k) ?? m.set(k, []).get(k)!).push(r);
  }
  return m;
}

/**
 * The named fields of a row, absent ones as null. The type parameter states what the SQL of each field gives (the
 * evidence queries and inputs.sql); the contract's schema checks it in the route tests.
 */
function pick<T extends object>(r: Row, keys: (keyof T & string)[]): T {
  return Object.fromEntries(keys.map((k) => [k, r[k] ?? null])) as T;
}

/**
 * The candidates as a reader with this regional scope may see them: a cell outside the scope keeps its scores, reasons
 * and aggregated figures, but its record-level evidence (resources, holders, agreements) is withheld.
 */
export function withinScope(c: Candidates, scope: Scope): Candidates {
  if (scope === null) return c;
  return {
    ...c,
    candidates: c.candidates.map((cell) =>
      inScope(scope, cell.region_code)
        ? cell
        : {
            ...cell,
            evidence: { ...cell.evidence, top_resources: [], top_holders: [], authorizations: [] },
            evidence_withheld: true,
          },
    ),
  };
}
