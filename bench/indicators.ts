import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import { AtlasDb } from '../server/db/database.ts';
import { generateSampleData, RECORD_TABLES } from '../server/generate/generate.ts';
import { EMPTY_FILTERS } from '../server/filters.ts';
import { computeCandidates } from '../server/indicators/candidates.ts';
import { compileUncertainty } from '../server/indicators/compile.ts';
import { drawWeights, normalizationVariants } from '../server/indicators/draws.ts';
import { FactStore } from '../server/facts/facts.ts';
import { InputStore } from '../server/indicators/input-store.ts';
import type { InputSource } from '../server/indicators/inputs.ts';
import { methodology } from '../server/indicators/methodologies.ts';
import { computeModels } from '../server/indicators/models.ts';
import { computePeers, DEFAULT_PEER_INDICATORS } from '../server/indicators/peers.ts';
import { quadrantQuery } from '../server/indicators/quadrants.ts';
import { computeRanking } from '../server/indicators/rankings.ts';
import { compileScores } from '../server/indicators/compile.ts';
import { toDocument } from '../server/indicators/spec.ts';
import { prepareBound } from '../server/db/query.ts';
import { drawParams } from '../server/indicators/engine.ts';
import { ingestFile } from '../server/ingest/pipeline.ts';
import { startTestServer } from '../server/test-support/server.ts';
import { percentile, type BenchContext, type BenchSuite, type Figure } from './figures.ts';

/** Generate sample data at `scale` and ingest it through ingestFile into a database file kept in ctx.dir between runs. */
export async function indicatorBenchDb(ctx: BenchContext, scale: number): Promise<string> {
  const file = path.join(ctx.dir, `indicators-s${scale}.duckdb`);
  const ready = `${file}.ready`;
  if (fs.existsSync(file) && fs.existsSync(ready)) return file;
  fs.rmSync(file, { force: true });
  fs.rmSync(`${file}.wal`, { force: true });
  const gen = path.join(ctx.dir, `indicators-gen-s${scale}`);
  fs.rmSync(gen, { recursive: true, force: true });
  ctx.log(`generating scale ${scale} sample data`);
  let t = performance.now();
  const report = await generateSampleData({ scale, outDir: gen, onProgress: (m) => ctx.log(`  ${m}`) });
  ctx.log(
    `generated ${report.tables.usage.rows} usage rows in ${((performance.now() - t) / 1000).toFixed(0)} s; ingesting`,
  );
  const db = await AtlasDb.open({ path: file });
  try {
    for (const kind of RECORD_TABLES) {
      t = performance.now();
      const s = await ingestFile(db, { kind, path: path.join(gen, `${kind}.parquet`), source: 'bench' });
      if (s.status !== 'COMMITTED') throw new Error(`ingesting ${kind} at scale ${scale}: ${s.status}`);
      ctx.log(`  ${kind}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
  } finally {
    db.close();
  }
  fs.rmSync(gen, { recursive: true, force: true });
  fs.writeFileSync(
    ready,
    JSON.stringify({ scale, usage_rows: report.tables.usage.rows, at: new Date().toISOString() }),
  );
  return file;
}

interface Recorded {
  sql: string;
  stmt: DuckDBPreparedStatement;
  bind?: Parameters<DuckDBPreparedStatement['bind']>;
}

/**
 * A connection that records every statement prepared on it with its bound values, so the exact SQL an endpoint ran can
 * be replayed alone on DuckDB (the baseline of the ratio).
 */
function recording(con: DuckDBConnection, log: Recorded[]): DuckDBConnection {
  return new Proxy(con, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') return Reflect.get(target, prop, receiver);
      return async (sql: string) => {
        const stmt = await target.prepare(sql);
        const rec: Recorded = { sql, stmt };
        log.push(rec);
        return new Proxy(stmt, {
          get(s, p, r) {
            if (p === 'bind')
              return (...args: Parameters<DuckDBPreparedStatement['bind']>) => {
                rec.bind = args;
                return s.bind(...args);
              };
            const v = Reflect.get(s, p, r);
            return typeof v === 'function' ? v.bind(s) : v;
          },
        });
      };
    },
  });
}

/** Replay recorded statements in order on a fresh connection, reading every result fully; returns ms. */
async function replay(db: AtlasDb, recorded: Recorded[]): Promise<number> {
  return db.withConnection(async (con) => {
    const t0 = performance.now();
    for (const r of recorded) {
      const stmt = await con.prepare(r.sql);
      if (r.bind) stmt.bind(...r.bind);
      await stmt.runAndReadAll();
    }
    return performance.now() - t0;
  });
}

type Compute = (con: DuckDBConnection) => Promise<unknown>;

interface Endpoint {
  name: string;
  path: string;
  method?: 'POST';
  body?: unknown;
  /** The same computation in process, to record its SQL (null for endpoints that run no SQL). */
  compute: Compute | null;
  /** A node whose weight a slider moves (rankings). */
  slider?: string;
}

const DAI_SPEC = () => toDocument(methodology('data-abundance'));

/** The endpoints, computed in process with `inputs` from the same facts the server reads (for the SQL-alone baseline). */
function endpoints(inputs: InputSource, facts: FactStore): Endpoint[] {
  const F = EMPTY_FILTERS;
  const rank =
    (level: 'region' | 'cell', index: string, draws = 1000): Compute =>
    (con) =>
      computeRanking(con, methodology(index), {
        level,
        filters: F,
        draws,
        topK: 5,
        seed: 20250301,
        concentration: 20,
        normalization: null,
        inputs,
      });
  return [
    { name: 'indicators', path: '/indicators', compute: null },
    {
      name: 'indicator_values.region',
      path: '/indicators/values?level=region',
      compute: async (con) => {
        const { current } = await inputs(con, 'region', F);
        return (await prepareBound(con, `SELECT * EXCLUDE (period_key) FROM ${current}`)).runAndReadAll();
      },
    },
    {
      name: 'composite.region',
      path: '/composite?level=region',
      method: 'POST',
      body: DAI_SPEC(),
      compute: async (con) => {
        const { current } = await inputs(con, 'region', F);
        return (
          await prepareBound(con, compileScores(methodology('data-abundance'), { relation: current }).sql)
        ).runAndReadAll();
      },
    },
    {
      name: 'rankings.region',
      path: '/rankings?level=region&index=data-abundance',
      compute: rank('region', 'data-abundance'),
      slider: 'freshness',
    },
    {
      name: 'rankings.cell',
      path: '/rankings?level=cell&index=market-demand',
      compute: rank('cell', 'market-demand'),
      slider: 'growth',
    },
    // the abundance index has few ties among the cells (574 distinct value vectors), so it ranks more rows per draw
    {
      name: 'rankings.cell.data_abundance',
      path: '/rankings?level=cell&index=data-abundance',
      compute: rank('cell', 'data-abundance'),
      slider: 'freshness',
    },
    // the ranking alone (draws=0), which the Rankings page shows while the draws of the full answer are computed
    {
      name: 'rankings.region.alone',
      path: '/rankings?level=region&index=data-abundance&draws=0',
      compute: rank('region', 'data-abundance', 0),
      slider: 'freshness',
    },
    {
      name: 'rankings.cell.data_abundance.alone',
      path: '/rankings?level=cell&index=data-abundance&draws=0',
      compute: rank('cell', 'data-abundance', 0),
      slider: 'freshness',
    },
    {
      name: 'quadrants',
      path: '/quadrants',
      compute: async (con) => {
        const { current } = await inputs(con, 'cell', F);
        const q = quadrantQuery(methodology('data-abundance'), methodology('market-demand'), { relation: current });
        return (await prepareBound(con, q.sql, q.params)).runAndReadAll();
      },
    },
    {
      name: 'candidates',
      path: '/candidates',
      compute: (con) =>
        computeCandidates(con, {
          filters: F,
          limit: 10,
          perCell: 5,
          threshold: 1,
          standardize: 'sector',
          abundanceIndex: 'data-abundance',
          demandIndex: 'market-demand',
          inputs,
        }),
    },
    {
      name: 'models',
      path: '/models',
      compute: (con) =>
        computeModels(con, {
          filters: F,
          minMonths: 12,
          minProvinces: 3,
          minPayingUsers: 3,
          targets: 5,
          abundanceIndex: 'data-abundance',
          inputs,
          facts: (c) => facts.tables(c),
        }),
    },
    {
      name: 'peers',
      path: '/regions/330000/peers',
      compute: (con) => computePeers(con, '330000', { filters: F, k: 5, indicators: DEFAULT_PEER_INDICATORS, inputs }),
    },
  ];
}

async function call(base: string, e: Endpoint): Promise<number> {
  const t0 = performance.now();
  const r = await fetch(
    `${base}/api${e.path}`,
    e.method === 'POST'
      ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(e.body) }
      : undefined,
  );
  await r.arrayBuffer();
  if (r.status !== 200) throw new Error(`${e.path}: HTTP ${r.status}`);
  return performance.now() - t0;
}

async function times(n: number, fn: (i: number) => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await fn(i));
  return out;
}

const ms = (v: number) => Math.round(v * 10) / 10;

/** Rank uncertainty alone in SQL: 594 cells × 1,000 draws over a fixed synthetic table (no record tables involved). */
async function uncertaintyAlone(db: AtlasDb, runs: number): Promise<number[]> {
  const spec = methodology('market-demand');
  return db.withConnection(async (con) => {
    await con.run(`CREATE TEMP TABLE u AS SELECT 'C' || i AS entity, hash(i) % 100000 AS calls, hash(i * 7) % 97700 AS paid_amount_cny,
      hash(i * 13) % 890 AS distinct_users, (hash(i * 3) % 100) / 50.0 - 0.5 AS demand_growth FROM range(594) r(i)`);
    const variants = normalizationVariants(spec);
    const { weights, variant } = drawWeights(spec, 1000, variants.length);
    const q = compileUncertainty(
      spec,
      variants.map((v) => v.spec),
      { relation: 'u' },
    );
    return times(runs, async () => {
      const t0 = performance.now();
      await (await prepareBound(con, q.sql, { ...drawParams(weights, variant), top_k: 5 })).runAndReadAll();
      return performance.now() - t0;
    });
  });
}

export const indicatorsSuite: BenchSuite = {
  name: 'indicators',
  method: `
Indicator API (\`server/indicators/\`) over real HTTP (\`startTestServer\`) on database files made by the sample generator
and \`ingestFile\` (scale 1: the default sample data, about 100k usage rows; scale 100: about 10M usage rows), kept in
\`data/bench/\` between runs. Each endpoint is called with its default parameters (rankings: 1,000 draws;
**alone**: the same ranking with \`draws=0\`, which the Rankings page asks for beside the full one and shows until the
draws are done).

- **slider** (rankings): the normal server, a new weight on every call (100 calls at scale 1, 20 at scale 100), so results are recomputed (scores
  and the 1,000 draws) but the indicator inputs are reused — what moving a weight slider costs.
- **cold**: a server whose input and result caches are off (\`ATLAS_INDICATOR_CACHE=0\`), so every call recomputes
  its inputs and results (100 calls at scale 1, 5 at scale 100) from the indicator facts, which are derived from the
  record tables once per data version, like the usage rollup (**facts.build**: the time to derive them, median of 3);
  as in the normal server, a view's independent statements run side by side on connections of their own;
  **cached**: the normal server, after one warm-up call, p50/p95 over 100 calls.
- **ratio**: the endpoint's cold median over the median of **the same SQL alone**: every statement the endpoint runs,
  recorded with its bound values and replayed in order on a plain DuckDB connection of the same database, reading every
  result (no HTTP, JSON or JS shaping), as many times as the cold calls. Lower is better; 1.0 would be no overhead,
  and below 1.0 the endpoint gains more from running statements side by side than it spends on HTTP and JSON.
- **uncertainty.594x1000**: the rank-uncertainty query alone (594 entities × 1,000 Dirichlet draws and the alternative
  normalisations, ranked in SQL) on a synthetic table, median of 10.
The target of issue 3, every dashboard endpoint at p95 < 100 ms over 100 calls on the default sample data, is checked
on the **cached** rows: they are the product's server answering the dashboard. The **cold** and **slider** rows carry
the same 100 ms as a stricter goal: what a view not seen before costs. Rank uncertainty has the issue's own target,
1,000 draws well under a second.
`,
  async run(ctx) {
    const figures: Figure[] = [];
    const scales = ctx.quick ? [1] : [1, 100];
    for (const scale of scales) {
      const file = await indicatorBenchDb(ctx, scale);
      const db = await AtlasDb.open({ path: file });
      const prev = process.env.ATLAS_INDICATOR_CACHE;
      process.env.ATLAS_INDICATOR_CACHE = '0';
      const cold = await startTestServer({ db, staticDir: null });
      if (prev === undefined) delete process.env.ATLAS_INDICATOR_CACHE;
      else process.env.ATLAS_INDICATOR_CACHE = prev;
      const warm = await startTestServer({ db, staticDir: null });
      try {
        const builds = await times(3, async () => {
          const store = new FactStore(db);
          const t0 = performance.now();
          await store.rebuild();
          const t = performance.now() - t0;
          await store.clear();
          return t;
        });
        figures.push({
          name: `indicators.facts.s${scale}.build`,
          value: ms(percentile(builds, 50)),
          unit: 'ms',
          note: 'indicator facts derived from the record tables, once per data version (median of 3)',
        });
        const facts = new FactStore(db);
        await facts.warm();
        const coldCalls = ctx.quick ? 3 : scale === 1 ? 100 : 5;
        for (const e of endpoints(new InputStore(db, 0, facts).source, facts)) {
          ctx.log(`scale ${scale}: ${e.name}`);
          await call(cold.base, e); // warm the OS cache and DuckDB's buffers, not the result cache
          const c = await times(coldCalls, () => call(cold.base, e));
          await call(warm.base, e);
          const w = await times(ctx.quick ? 10 : 100, () => call(warm.base, e));
          const tag = `indicators.${e.name}.s${scale}`;
          const dashboardTarget = scale === 1 ? '< 100 ms' : null;
          const stricterGoal = scale === 1 ? '< 100 ms (stricter)' : null;
          figures.push({ name: `${tag}.cold.p50`, value: ms(percentile(c, 50)), unit: 'ms' });
          figures.push({
            name: `${tag}.cold.p95`,
            value: ms(percentile(c, 95)),
            unit: 'ms',
            target: stricterGoal,
            pass: stricterGoal ? percentile(c, 95) < 100 : undefined,
          });
          figures.push({ name: `${tag}.cached.p50`, value: ms(percentile(w, 50)), unit: 'ms' });
          figures.push({
            name: `${tag}.cached.p95`,
            value: ms(percentile(w, 95)),
            unit: 'ms',
            target: dashboardTarget,
            pass: dashboardTarget ? percentile(w, 95) < 100 : undefined,
          });
          if (e.slider) {
            // a weight slider: a new weight on every call, so the result cache misses and only the inputs are reused
            const sl = await times(ctx.quick ? 5 : scale === 1 ? 100 : 20, (i) =>
              call(warm.base, { ...e, path: `${e.path}&weights=${e.slider}:${(0.5 + i / 200).toFixed(3)}` }),
            );
            const recomputed = e.path.includes('draws=0') ? 'scores recomputed' : 'scores and 1,000 draws recomputed';
            figures.push({
              name: `${tag}.slider.p50`,
              value: ms(percentile(sl, 50)),
              unit: 'ms',
              note: `new weights each call: inputs reused, ${recomputed}`,
            });
            figures.push({
              name: `${tag}.slider.p95`,
              value: ms(percentile(sl, 95)),
              unit: 'ms',
              target: stricterGoal,
              pass: stricterGoal ? percentile(sl, 95) < 100 : undefined,
            });
          }
          if (e.compute) {
            const recorded: Recorded[] = [];
            await db.withConnection((con) => e.compute!(recording(con, recorded)));
            await replay(db, recorded);
            const sqlAlone = await times(coldCalls, () => replay(db, recorded));
            const base = percentile(sqlAlone, 50);
            const endpoint = percentile(c, 50);
            figures.push({
              name: `${tag}.ratio_to_sql`,
              value: ms(endpoint),
              unit: 'ms',
              baseline: ms(base),
              ratio: Math.round((endpoint / base) * 100) / 100,
              note: `endpoint cold p50 / the same ${recorded.length} statements alone in DuckDB (lower is better)`,
            });
          }
        }
        await facts.clear();
      } finally {
        await cold.close();
        await warm.close();
        db.close();
      }
    }
    const db = await AtlasDb.open({ path: ':memory:' });
    try {
      const u = await uncertaintyAlone(db, ctx.quick ? 3 : 10);
      figures.push({
        name: 'indicators.uncertainty.594x1000',
        value: ms(percentile(u, 50)),
        unit: 'ms',
        target: '< 1000 ms',
        pass: percentile(u, 50) < 1000,
        note: 'median of 10, SQL alone',
      });
    } finally {
      db.close();
    }
    return figures;
  },
};
