import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../api/context.ts';
import { sendTable } from '../api/respond.ts';
import { queryArrow } from '../db/query.ts';
import { badRequest } from '../errors.ts';
import { parseFilters, type Filters } from '../filters.ts';
import { ResultCache } from './cache.ts';
import { computeCandidates } from './candidates.ts';
import { INDICATORS, SOURCE_QUERY } from './catalog.ts';
import { scoreCompositeTable } from './engine.ts';
import { LEVELS, parseLevel, type CurrentWindow, type Fork } from './inputs.ts';
import { InputStore } from './input-store.ts';
import { INPUT_COLUMN_TYPES, methodologies, methodology } from './methodologies.ts';
import { computeModels } from './models.ts';
import { computePeers, DEFAULT_PEER_INDICATORS } from './peers.ts';
import { GAP_THRESHOLD, quadrantQuery, type Standardize } from './quadrants.ts';
import { computeRanking, nodeInfo } from './rankings.ts';
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
/** How many of the most recently used views are computed again after an ingest. */
const RECENT_VIEWS = 8;
type Query = Request['query'];

/** Indicator API: indicators, methodologies, composite, rankings, quadrants, candidates, models, peers (docs/api.md). */
export function indicatorRoutes(ctx: AppContext): Router {
  const { db } = ctx;
  const router = Router();
  // ATLAS_INDICATOR_CACHE: how many results to keep (default 200); 0 turns the cache off (the benchmark's cold runs).
  const cacheSize = Number(process.env.ATLAS_INDICATOR_CACHE ?? 200) || 0;
  const cache = new ResultCache(db, cacheSize);
  // the inputs of recent requests, shared by every endpoint (reuse turned off together with the result cache)
  const store = new InputStore(db, 32, undefined, cacheSize > 0);
  const inputs = store.source;
  // build the indicator facts now and after every ingest, so that no request waits for them
  let facts: Promise<unknown> = Promise.resolve();
  const buildFacts = () => {
    facts = store.facts.warm().then(
      (tables) =>
        tables
          ? ctx.log.info(
              { ms: Math.round(store.facts.lastBuildMs ?? 0), data_version: db.dataVersion },
              'indicator facts built',
            )
          : ctx.log.warn(
              { err: store.facts.lastError },
              'indicator facts not materialised; indicator queries derive them',
            ),
      (err) => ctx.log.warn({ err }, 'indicator facts not built'),
    );
  };
  buildFacts();
  db.onDataChanged(buildFacts);
  ctx.onClose(async () => {
    await facts;
    await store.clear();
    await store.facts.clear();
  });
  const withCon = <T>(fn: Parameters<typeof db.withConnection<T>>[0]) =>
    db.withConnection(fn, { timeoutMs: TIMEOUT_MS });
  // a view's independent statements run side by side, each on a connection of its own (lanes in inputs.ts)
  const fork: Fork = withCon;

  router.get('/indicators', (_req, res) => {
    res.json({ source: SOURCE_QUERY, levels: LEVELS, indicators: INDICATORS });
  });

  router.get('/indicators/values', async (req, res) => {
    const level = parseLevel(req.query.level);
    const filters = parseFilters(req.query);
    const { table, period } = await withCon(async (con) => {
      const { current, windows } = await inputs(con, level, filters);
      return {
        table: await queryArrow(con, `SELECT * EXCLUDE (period_key) FROM ${current}`),
        period: periodMeta(windows.current),
      };
    });
    sendTable(req, res, table, { filename: `indicators-${level}`, meta: { level, ...period } });
  });

  router.get('/methodologies', (_req, res) => {
    res.json({
      methodologies: [...methodologies().values()].map((s) => ({
        id: s.id,
        title: s.title ?? null,
        description: s.description ?? null,
        nodes: nodeInfo(s),
      })),
    });
  });

  router.get('/methodologies/:id', (req, res) => {
    res.json(toDocument(methodology(req.params.id)));
  });

  router.post('/composite', async (req, res) => {
    const level = parseLevel(req.query.level);
    const filters = parseFilters(req.query);
    const doc =
      req.body && typeof req.body === 'object' && 'spec' in req.body ? (req.body as { spec: unknown }).spec : req.body;
    const spec = checked(() => parseSpec(doc, INPUT_COLUMN_TYPES));
    const contributions = bool(req.query, 'contributions', false);
    const table = await withCon(async (con) => {
      const { current } = await inputs(con, level, filters);
      return scoreCompositeTable(con, spec, { relation: current }, { contributions });
    });
    sendTable(req, res, table, { filename: `composite-${spec.id}-${level}`, meta: { level, index: spec.id } });
  });

  // Each cached view computes from a parsed query; the routes send it, and the warm-up below precomputes it.
  const rankings = (q: Query) => {
    const level = parseLevel(q.level);
    const filters = parseFilters(q);
    const normalization = normalizeParam(q);
    const spec = adjusted(methodology(str(q, 'index') ?? 'data-abundance'), weightsParam(q), normalization);
    const opts = {
      level,
      filters,
      normalization,
      inputs,
      fork,
      draws: int(q, 'draws', 1000, 0, 10_000),
      topK: int(q, 'k', 5, 1, 1000),
      seed: int(q, 'seed', 20250301, 0, 2 ** 31),
      concentration: num(q, 'concentration', 20, 0.5, 10_000),
    };
    const { inputs: _source, fork: _fork, ...key } = opts;
    return cache.get('rankings', { spec: toDocument(spec), ...key }, () =>
      json(withCon((con) => computeRanking(con, spec, opts))),
    );
  };

  const quadrants = (q: Query) => {
    const filters = parseFilters(q);
    const threshold = num(q, 'threshold', GAP_THRESHOLD, 0, 10);
    const abundance = methodology(str(q, 'abundance_index') ?? 'data-abundance');
    const demand = methodology(str(q, 'demand_index') ?? 'market-demand');
    const standardize = standardizeParam(q);
    const meta = { threshold, standardize, abundance_index: abundance.id, demand_index: demand.id };
    return cache.get('quadrants', { filters, threshold, standardize, abundance: abundance.id, demand: demand.id }, () =>
      withCon(async (con) => {
        const { current, windows } = await inputs(con, 'cell', filters);
        const qq = quadrantQuery(abundance, demand, { relation: current }, threshold, standardize);
        return { table: await queryArrow(con, qq.sql, qq.params), meta: { ...meta, ...periodMeta(windows.current) } };
      }),
    );
  };

  const candidates = (q: Query) => {
    const opts = {
      filters: parseFilters(q),
      limit: int(q, 'limit', 10, 1, 594),
      perCell: int(q, 'per_cell', 5, 1, 50),
      threshold: num(q, 'threshold', GAP_THRESHOLD, 0, 10),
      standardize: standardizeParam(q),
      abundanceIndex: methodology(str(q, 'abundance_index') ?? 'data-abundance').id,
      demandIndex: methodology(str(q, 'demand_index') ?? 'market-demand').id,
    };
    return cache.get('candidates', opts, () =>
      json(withCon((con) => computeCandidates(con, { ...opts, inputs, fork }))),
    );
  };

  const models = (q: Query) => {
    const opts = {
      filters: parseFilters(q),
      minMonths: int(q, 'min_months', 12, 3, 120),
      minProvinces: int(q, 'min_provinces', 3, 1, 31),
      minPayingUsers: int(q, 'min_paying_users', 3, 0, 1_000_000),
      targets: int(q, 'targets', 5, 1, 31),
      abundanceIndex: methodology(str(q, 'abundance_index') ?? 'data-abundance').id,
    };
    return cache.get('models', opts, () =>
      json(withCon((con) => computeModels(con, { ...opts, inputs, facts: (c) => store.facts.tables(c), fork }))),
    );
  };

  const peers = (code: string, q: Query) => {
    if (!/^\d{6}$/.test(code))
      throw badRequest('invalid_parameter', `region code must be six digits, got ${JSON.stringify(code)}`, {
        field: 'code',
        value: code,
      });
    const opts = {
      filters: parseFilters(q),
      k: int(q, 'k', 5, 1, 32),
      indicators: list(q, 'indicators') ?? DEFAULT_PEER_INDICATORS,
    };
    return cache.get('peers', { code, ...opts }, () =>
      json(withCon((con) => computePeers(con, code, { ...opts, inputs }))),
    );
  };

  router.get('/rankings', async (req, res) => sendJson(res, await rankings(req.query)));
  router.get('/quadrants', async (req, res) => {
    const { table, meta } = await quadrants(req.query);
    sendTable(req, res, table, { filename: 'quadrants', meta });
  });
  router.get('/candidates', async (req, res) => sendJson(res, await candidates(req.query)));
  router.get('/models', async (req, res) => sendJson(res, await models(req.query)));
  router.get('/regions/:code/peers', async (req, res) => sendJson(res, await peers(req.params.code, req.query)));

  if (ctx.warm) {
    // The views the dashboard opens with (docs/url-state.md defaults), computed once the facts are built; after an
    // ingest, the views used most recently are computed again instead.
    const defaults: (() => Promise<unknown>)[] = [
      // the cell ranking before the other cell views: its inputs, with the previous window, serve them too
      () => rankings({}),
      () => rankings({ level: 'cell' }),
      () => quadrants({}),
      () => candidates({ limit: '20' }),
      () => models({}),
      () => rankings({ level: 'sector' }),
    ];
    let warming: Promise<unknown> = facts.then(async () => {
      for (const view of defaults) await view().catch(() => undefined);
    });
    db.onDataChanged(() => {
      warming = warming.then(() => facts).then(() => cache.refresh(RECENT_VIEWS));
    });
    ctx.onClose(async () => {
      await warming;
    });
  }

  return router;
}

/**
 * The window of a table's rows as its metadata (JSON fields, headers, Arrow metadata), so a view can say which months
 * it shows, and that no record falls in them when months_with_data is 0 (no rows).
 */
function periodMeta(w: CurrentWindow) {
  return { from: w.from.slice(0, 7), to: w.to.slice(0, 7), months: w.months, months_with_data: w.months_with_data };
}

/** Results are cached as their JSON text, so a cached answer costs no serialisation. */
const json = async (p: Promise<unknown>) => JSON.stringify(await p);

function sendJson(res: Response, body: string): void {
  res.type('application/json; charset=utf-8').send(body);
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

function str(q: Query, name: string): string | undefined {
  const v = q[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw badRequest('invalid_parameter', `${name} must be given once`, { field: name });
  return v;
}

function num(q: Query, name: string, dflt: number, min: number, max: number): number {
  const v = str(q, name);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max)
    throw badRequest('invalid_parameter', `${name} must be a number from ${min} to ${max}, got ${JSON.stringify(v)}`, {
      field: name,
      value: v,
    });
  return n;
}

function int(q: Query, name: string, dflt: number, min: number, max: number): number {
  const n = num(q, name, dflt, min, max);
  if (!Number.isInteger(n))
    throw badRequest('invalid_parameter', `${name} must be a whole number, got ${n}`, { field: name, value: n });
  return n;
}

function bool(q: Query, name: string, dflt: boolean): boolean {
  const v = str(q, name);
  if (v === undefined) return dflt;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw badRequest('invalid_parameter', `${name} must be true or false, got ${JSON.stringify(v)}`, {
    field: name,
    value: v,
  });
}

function list(q: Query, name: string): string[] | undefined {
  const v = str(q, name);
  return v === undefined
    ? undefined
    : [
        ...new Set(
          v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        ),
      ];
}

function standardizeParam(q: Query): Standardize {
  const v = str(q, 'standardize') ?? 'sector';
  if (v !== 'sector' && v !== 'all')
    throw badRequest('invalid_parameter', `standardize must be sector or all, got ${JSON.stringify(v)}`, {
      field: 'standardize',
      value: v,
    });
  return v;
}

const NORMALIZATIONS: NormalizeMethod[] = ['minmax', 'zscore', 'rank'];

function normalizeParam(q: Query): NormalizeMethod | null {
  const v = str(q, 'normalize');
  if (v === undefined || v === 'spec') return null;
  if (!(NORMALIZATIONS as string[]).includes(v))
    throw badRequest(
      'invalid_parameter',
      `normalize must be spec, ${NORMALIZATIONS.join(', ')}; got ${JSON.stringify(v)}`,
      { field: 'normalize', value: v },
    );
  return v as NormalizeMethod;
}

/** weights=nodeId:weight,nodeId:weight (relative among siblings, like the spec's own weights). */
function weightsParam(q: Query): Record<string, number> {
  const v = str(q, 'weights');
  if (v === undefined) return {};
  const out: Record<string, number> = {};
  for (const part of v.split(',').filter(Boolean)) {
    const m = /^([A-Za-z][A-Za-z0-9_.-]{0,63}):(.+)$/.exec(part.trim());
    const w = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(w))
      throw badRequest('invalid_weights', `weights must be written nodeId:number,… (got ${JSON.stringify(part)})`, {
        field: 'weights',
        value: part,
      });
    out[m[1]] = w;
  }
  return out;
}

export type { Filters };
