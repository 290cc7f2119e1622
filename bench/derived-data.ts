/**
 * What the derived data cost at a start and per batch (BENCHMARKS.md, "Derived data"). For one generated data set
 * (`--gen DIR`, from `atlas generate --out DIR --scale N`) it builds, in `--out DIR`:
 *
 * - `big.duckdb`: the registry and every usage month but the last; `empty.duckdb`: the registry only;
 * - the last month ingested into a copy of each, timing the ingest (rollup included) and the facts' sync after it, and
 *   a full rebuild of the facts for comparison (what every batch cost before);
 * - `atlas serve` started on the big database, until /api/health answers and until the first overview and the first
 *   ranking are served: with the facts kept from the previous run, and with the cache file removed (what every start
 *   cost before, when the file was emptied at start).
 *
 * Prints one JSON object. Run: node --import tsx bench/derived-data.ts --gen DIR --out DIR
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AtlasDb } from '../server/db/database.ts';
import { quoteString } from '../server/db/sql-text.ts';
import { cacheFile, FactStore } from '../server/facts/facts.ts';
import { ingestFile } from '../server/ingest/pipeline.ts';
import { factsLog, startAtlas } from './atlas-process.ts';

const REGISTRY = ['org', 'authorization', 'registration', 'authorization_resource', 'product'];

const { values } = parseArgs({ options: { gen: { type: 'string' }, out: { type: 'string' } } });
const gen = path.resolve(values.gen!);
const out = path.resolve(values.out!);
fs.mkdirSync(out, { recursive: true });
const log = (m: string) => process.stderr.write(`${new Date().toISOString()} ${m}\n`);
const seconds = (t0: number) => Math.round(performance.now() - t0) / 1000;

async function splitUsage(): Promise<{ rest: string; last: string; lastRows: number; restRows: number }> {
  const rest = path.join(out, 'usage-rest.parquet');
  const last = path.join(out, 'usage-last.parquet');
  const db = await AtlasDb.open({ path: ':memory:' });
  try {
    return await db.withConnection(async (con) => {
      const src = quoteString(path.join(gen, 'usage.parquet'));
      await con.run(`CREATE TEMP TABLE m AS SELECT max(period_month) AS m FROM read_parquet(${src})`);
      await con.run(
        `COPY (SELECT * FROM read_parquet(${src}) WHERE period_month < (SELECT m FROM m)) TO ${quoteString(rest)}`,
      );
      await con.run(
        `COPY (SELECT * FROM read_parquet(${src}) WHERE period_month = (SELECT m FROM m)) TO ${quoteString(last)}`,
      );
      const r = await con.runAndReadAll(
        `SELECT (SELECT count(*) FROM read_parquet(${quoteString(rest)}))::INT, (SELECT count(*) FROM read_parquet(${quoteString(last)}))::INT`,
      );
      const [restRows, lastRows] = r.getRows()[0] as number[];
      return { rest, last, restRows, lastRows };
    });
  } finally {
    db.close();
  }
}

async function build(file: string, usage: string | null): Promise<{ ingest_s: number; facts_s: number }> {
  for (const f of [file, `${file}.wal`, cacheFile(file), `${cacheFile(file)}.wal`]) fs.rmSync(f, { force: true });
  const db = await AtlasDb.open({ path: file });
  try {
    const t0 = performance.now();
    for (const kind of [...REGISTRY, ...(usage ? ['usage'] : [])]) {
      const s = await ingestFile(db, {
        kind,
        path: kind === 'usage' ? usage! : path.join(gen, `${kind}.parquet`),
        source: 'bench',
      });
      if (s.status !== 'COMMITTED') throw new Error(`${kind}: ${s.status}`);
      if (s.rejected > 0) log(`${kind}: ${s.rejected} rows rejected`);
    }
    const ingest_s = seconds(t0);
    const t1 = performance.now();
    await new FactStore(db).warm();
    return { ingest_s, facts_s: seconds(t1) };
  } finally {
    db.close();
  }
}

/** The last month into a copy of `base`: the ingest, the facts' sync after it, then a full rebuild for comparison. */
async function oneMonth(base: string, name: string, last: string) {
  const file = path.join(out, `${name}.duckdb`);
  for (const [from, to] of [
    [base, file],
    [cacheFile(base), cacheFile(file)],
  ])
    fs.copyFileSync(from, to);
  const db = await AtlasDb.open({ path: file });
  try {
    const store = new FactStore(db);
    await store.warm();
    const start = store.lastSync!.mode;
    const t0 = performance.now();
    const s = await ingestFile(db, { kind: 'usage', path: last, source: 'bench' });
    const ingest_s = seconds(t0);
    const t1 = performance.now();
    await store.warm();
    const sync_s = seconds(t1);
    const mode = store.lastSync!.mode;
    const t2 = performance.now();
    await store.rebuild();
    const rebuild_s = seconds(t2);
    return {
      facts_at_open: start,
      rows: s.inserted,
      ingest_s,
      facts_sync_s: sync_s,
      facts_sync_mode: mode,
      total_s: Math.round((ingest_s + sync_s) * 1000) / 1000,
      full_rebuild_s: rebuild_s,
    };
  } finally {
    db.close();
  }
}

/** `atlas serve` on `file`: seconds until /api/health answers, and until the first overview and ranking are served. */
async function serverStart(file: string, port: number) {
  const atlas = await startAtlas(file, port);
  try {
    // a failed call (a 504 on a loaded machine) is a figure too: its status beside the time
    const get = async (p: string) => {
      const r = await fetch(`${atlas.base}${p}`);
      await r.arrayBuffer();
      return r.ok ? atlas.elapsed() : `${atlas.elapsed()} (${r.status})`;
    };
    const overview = await get('/api/dashboard/overview');
    const ranking = await get('/api/rankings');
    return {
      health_s: atlas.health_s,
      first_overview_s: overview,
      first_ranking_s: ranking,
      facts_log: factsLog(atlas.logs()),
    };
  } finally {
    await atlas.stop();
  }
}

// Results are written after every step (out/result.json); the built databases are reused when out/built.json says so.
const resultFile = path.join(out, 'result.json');
const builtFile = path.join(out, 'built.json');
const result: Record<string, unknown> = fs.existsSync(builtFile)
  ? JSON.parse(fs.readFileSync(builtFile, 'utf8'))
  : { gen };
const save = () => fs.writeFileSync(resultFile, `${JSON.stringify(result, null, 2)}\n`);
const big = path.join(out, 'big.duckdb');
const empty = path.join(out, 'empty.duckdb');
const last = path.join(out, 'usage-last.parquet');
if (!fs.existsSync(builtFile)) {
  log('splitting usage');
  const split = await splitUsage();
  result.usage_rows = { before_last_month: split.restRows, last_month: split.lastRows };
  log('building the big database');
  result.build_big = await build(big, split.rest);
  log('building the empty database');
  result.build_empty = await build(empty, null);
  fs.writeFileSync(builtFile, JSON.stringify(result));
}
log('one more month into the big database');
result.month_into_big = await oneMonth(big, 'big-plus', last);
save();
log('one more month into the empty database');
result.month_into_empty = await oneMonth(empty, 'empty-plus', last);
const mb = result.month_into_big as { total_s: number };
const me = result.month_into_empty as { total_s: number };
result.big_over_empty = Math.round((mb.total_s / me.total_s) * 100) / 100;
save();
const port = 3900 + Math.floor(Math.random() * 90);
// the big database's own cache file is kept for the next run; the "before" start uses a copy without it
log('server start with the facts kept');
result.start_kept = await serverStart(big, port);
save();
log('server start without the cache file (as before: emptied at every start)');
const bare = path.join(out, 'big-bare.duckdb');
fs.copyFileSync(big, bare);
for (const f of [cacheFile(bare), `${cacheFile(bare)}.wal`]) fs.rmSync(f, { force: true });
result.start_without_cache = await serverStart(bare, port + 1);
save();
log('server start again, facts kept');
result.start_kept_again = await serverStart(big, port + 2);
save();
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
