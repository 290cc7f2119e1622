/**
 * The indicator views as a service the routes call: it owns the result cache, the store of computed inputs, the
 * indicator facts (brought up to date at start and after every ingest, so no request waits for them) and the warm-up of the views
 * the dashboard opens with. Each view takes its parsed query (contract/indicators.ts) and answers what the contract
 * says; JSON answers are cached as their text.
 */
import type { Background } from '../api/background.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { z } from 'zod';
import {
  candidatesQuery,
  compositeQuery,
  levelQuery,
  modelsQuery,
  peersQuery,
  quadrantsQuery,
  rankingsQuery,
  type Candidates,
  type Models,
  type Peers,
  type Ranking,
} from '../../contract/indicators.ts';
import { jsonText, type JsonText } from '../api/endpoint.ts';
import { parse } from '../api/parse.ts';
import type { AtlasDb } from '../db/database.ts';
import { queryArrow, queryRowsTable } from '../db/query.ts';
import type { Scope } from '../db/scope.ts';
import type { Filters } from '../filters.ts';
import type { Logger } from '../log.ts';
import type { TableResult } from '../api/respond.ts';
import { ResultCache } from './cache.ts';
import { computeCandidates, withinScope } from './candidates.ts';
import { scoreCompositeTable } from './engine.ts';
import type { SyncMode } from '../facts/fact-sync.ts';
import { InputStore } from './input-store.ts';
import type { CurrentWindow, Fork } from './inputs.ts';
import { INPUT_COLUMN_TYPES, methodology } from './methodologies.ts';
import { computeModels } from './models.ts';
import { computePeers, DEFAULT_PEER_INDICATORS } from './peers.ts';
import { quadrantQuery } from './quadrants.ts';
import { computeRanking } from './rankings.ts';
import {
  parseSpec,
  SpecError,
  specErrorToAtlas,
  toDocument,
  withNormalization,
  withWeights,
  type NormalizeMethod,
  type Spec,
} from './spec.ts';

const TIMEOUT_MS = 60_000;
/** The log line of each outcome of a facts sync (fact-sync.ts). */
const FACTS_LOG: Record<SyncMode, string> = {
  current: 'indicator facts current',
  incremental: 'indicator facts updated incrementally',
  rebuild: 'indicator facts rebuilt',
};
/** How many of the most recently used views are computed again after an ingest. */
const RECENT_VIEWS = 8;

type Q<S extends z.ZodType> = z.output<S>;
/** The form a table is computed in: Arrow for an Arrow answer, rows for JSON and CSV (api/respond.ts). */
type Shape = 'arrow' | 'rows';

export class IndicatorService {
  private readonly cache: ResultCache;
  private readonly store: InputStore;
  private facts: Promise<unknown> = Promise.resolve();
  private warming: Promise<unknown> = Promise.resolve();
  private readonly stopListening: () => void;

  /**
   * `cacheSize`: how many results to keep (ATLAS_INDICATOR_CACHE, default 200); 0 turns result caching and input reuse
   * off (the benchmark's cold runs).
   */
  constructor(
    private readonly db: AtlasDb,
    private readonly log: Logger,
    cacheSize = Number(process.env.ATLAS_INDICATOR_CACHE ?? 200) || 0,
  ) {
    this.cache = new ResultCache(db, cacheSize);
    this.store = new InputStore(db, 32, undefined, cacheSize > 0);
    this.buildFacts();
    this.stopListening = db.onDataChanged(() => this.buildFacts());
  }

  /**
   * Precompute the views the dashboard opens with (docs/url-state.md defaults) once the facts are built, and after each
   * ingest the views used most recently.
   */
  warm(background: Background): void {
    const defaults: (() => Promise<unknown>)[] = [
      // the cell ranking before the other cell views: its inputs, with the previous window, serve them too
      () => this.rankings(parse(rankingsQuery, {}, 'query')),
      () => this.rankings(parse(rankingsQuery, { level: 'cell' }, 'query')),
      () => this.quadrants(parse(quadrantsQuery, {}, 'query'), 'rows'),
      () => this.candidates(parse(candidatesQuery, { limit: '20' }, 'query')),
      () => this.models(parse(modelsQuery, {}, 'query')),
      () => this.rankings(parse(rankingsQuery, { level: 'sector' }, 'query')),
    ];
    const queue = (name: string, job: (stopping: () => boolean) => Promise<unknown>) => {
      this.warming = background.run(name, job);
    };
    queue('indicator default views', (stopping) =>
      this.facts.then(async () => {
        for (const view of defaults) if (!stopping()) await view().catch(() => undefined);
      }),
    );
    this.db.onDataChanged(() =>
      queue('indicator recent views', () => this.facts.then(() => this.cache.refresh(RECENT_VIEWS))),
    );
  }

  /** How many view results were computed rather than shared or taken from the cache. */
  get computations(): number {
    return this.cache.computations;
  }

  async close(): Promise<void> {
    this.stopListening();
    await this.warming;
    await this.facts;
    await this.store.clear();
    await this.store.facts.clear();
  }

  /** Every indicator of one level, one row per entity (GET /api/indicators/values). */
  values(q: Q<typeof levelQuery>, shape: Shape) {
    return this.cache.get('values', { ...q, shape }, () =>
      this.withCon(async (con) => {
        const { current, windows } = await this.store.source(con, q.level, q);
        const sql = `SELECT * EXCLUDE (period_key) FROM ${current}`;
        const table: TableResult = shape === 'arrow' ? await queryArrow(con, sql) : await queryRowsTable(con, sql);
        return { table, meta: { level: q.level, ...periodMeta(windows.current) } };
      }),
    );
  }

  /** A posted methodology scored over the inputs (POST /api/composite); `doc` is the spec or {spec}. */
  async composite(q: Q<typeof compositeQuery>, doc: unknown) {
    const spec = checked(() => parseSpec(doc, INPUT_COLUMN_TYPES));
    const table = await this.withCon(async (con) => {
      const { current } = await this.store.source(con, q.level, q);
      return scoreCompositeTable(con, spec, { relation: current }, { contributions: q.contributions });
    });
    return { table, spec };
  }

  rankings(q: Q<typeof rankingsQuery>): Promise<JsonText<Ranking>> {
    const normalization = q.normalize === 'spec' ? null : q.normalize;
    const spec = adjusted(methodology(q.index ?? 'data-abundance'), q.weights, normalization);
    const filters = filtersOf(q);
    const opts = {
      level: q.level,
      filters,
      normalization,
      draws: q.draws,
      topK: q.k,
      seed: q.seed,
      concentration: q.concentration,
    };
    return this.cache.get('rankings', { spec: toDocument(spec), ...opts }, () =>
      this.json(
        this.withCon((con) => computeRanking(con, spec, { ...opts, inputs: this.store.source, fork: this.fork })),
      ),
    );
  }

  quadrants(q: Q<typeof quadrantsQuery>, shape: Shape) {
    const filters = filtersOf(q);
    const abundance = methodology(q.abundance_index ?? 'data-abundance');
    const demand = methodology(q.demand_index ?? 'market-demand');
    const meta = {
      threshold: q.threshold,
      standardize: q.standardize,
      abundance_index: abundance.id,
      demand_index: demand.id,
    };
    const key = { filters, ...meta, abundance: abundance.id, demand: demand.id, shape };
    return this.cache.get('quadrants', key, () =>
      this.withCon(async (con) => {
        const { current, windows } = await this.store.source(con, 'cell', filters);
        const qq = quadrantQuery(abundance, demand, { relation: current }, q.threshold, q.standardize);
        const table: TableResult =
          shape === 'arrow' ? await queryArrow(con, qq.sql, qq.params) : await queryRowsTable(con, qq.sql, qq.params);
        return { table, meta: { ...meta, ...periodMeta(windows.current) } };
      }),
    );
  }

  /** Breakthrough candidates; a scoped reader sees record-level evidence only for the cells of their regions. */
  async candidates(q: Q<typeof candidatesQuery>, scope: Scope = null): Promise<JsonText<Candidates>> {
    const all = await this.allCandidates(q);
    return scope === null ? all : jsonText(withinScope(JSON.parse(all) as Candidates, scope));
  }

  private allCandidates(q: Q<typeof candidatesQuery>): Promise<JsonText<Candidates>> {
    const opts = {
      filters: filtersOf(q),
      limit: q.limit,
      perSector: q.per_sector,
      perCell: q.per_cell,
      k: q.k,
      robustShare: q.robust_share,
      threshold: q.threshold,
      standardize: q.standardize,
      abundanceIndex: methodology(q.abundance_index ?? 'data-abundance').id,
      demandIndex: methodology(q.demand_index ?? 'market-demand').id,
    };
    return this.cache.get('candidates', opts, () =>
      this.json(this.withCon((con) => computeCandidates(con, { ...opts, inputs: this.store.source, fork: this.fork }))),
    );
  }

  models(q: Q<typeof modelsQuery>): Promise<JsonText<Models>> {
    const opts = {
      filters: filtersOf(q),
      minMonths: q.min_months,
      minProvinces: q.min_provinces,
      minPayingUsers: q.min_paying_users,
      targets: q.targets,
      abundanceIndex: methodology(q.abundance_index ?? 'data-abundance').id,
      forRegion: q.for,
    };
    return this.cache.get('models', opts, () =>
      this.json(
        this.withCon((con) =>
          computeModels(con, {
            ...opts,
            inputs: this.store.source,
            facts: (c) => this.store.facts.tables(c),
            fork: this.fork,
          }),
        ),
      ),
    );
  }

  peers(code: string, q: Q<typeof peersQuery>): Promise<JsonText<Peers>> {
    const opts = { filters: filtersOf(q), k: q.k, indicators: q.indicators ?? DEFAULT_PEER_INDICATORS };
    return this.cache.get('peers', { code, ...opts }, () =>
      this.json(this.withCon((con) => computePeers(con, code, { ...opts, inputs: this.store.source }))),
    );
  }

  private buildFacts(): void {
    this.facts = this.store.facts.warm().then(
      (tables) =>
        tables
          ? this.log.info(
              {
                ms: Math.round(this.store.facts.lastBuildMs ?? 0),
                data_version: this.db.dataVersion,
                reason: this.store.facts.lastSync?.reason,
              },
              FACTS_LOG[this.store.facts.lastSync?.mode ?? 'current'],
            )
          : this.log.warn(
              { err: this.store.facts.lastError },
              'indicator facts not materialised; indicator queries derive them',
            ),
      (err) => this.log.warn({ err }, 'indicator facts not built'),
    );
  }

  private withCon = <T>(fn: (con: DuckDBConnection) => Promise<T>) =>
    this.db.withConnection(fn, { timeoutMs: TIMEOUT_MS });
  /** A view's independent statements run side by side, each on a connection of its own (lanes in inputs.ts). */
  private fork: Fork = (fn) => this.withCon(fn);

  /** Results are cached as their JSON text, so a cached answer costs no serialisation. */
  private async json<T>(p: Promise<T>): Promise<JsonText<T>> {
    return jsonText(await p);
  }
}

/** The shared filters of a parsed query (its other fields are the view's own options). */
function filtersOf(q: Filters): Filters {
  const { from, to, regions, sectors, user_types, purposes } = q;
  return { from, to, regions, sectors, user_types, purposes };
}

/**
 * The window of a table's rows as its metadata (JSON fields, headers, Arrow metadata), so a view can say which months
 * it shows, and that no record falls in them when months_with_data is 0 (no rows).
 */
function periodMeta(w: CurrentWindow) {
  return { from: w.from.slice(0, 7), to: w.to.slice(0, 7), months: w.months, months_with_data: w.months_with_data };
}

/** Apply weight overrides and the normalisation switch; a combination the spec format forbids is a 400. */
function adjusted(spec: Spec, weights: Record<string, number>, normalization: NormalizeMethod | null): Spec {
  return checked(() => {
    let s = Object.keys(weights).length ? withWeights(spec, weights) : spec;
    if (normalization) s = parseSpec(toDocument(withNormalization(s, normalization, false)));
    return s;
  });
}

function checked<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SpecError) throw specErrorToAtlas(err);
    throw err;
  }
}
