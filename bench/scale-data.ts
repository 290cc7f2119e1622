/**
 * Every figure of issue #25 at one scale (BENCHMARKS.md "scale"), in steps that are kept in DIR/scale-sN/result.json,
 * so a long run (scale 1000: about an hour) resumes where it stopped and `--redo server` re-measures one step. Each
 * step runs in a child process of its own, so its peak RSS (getrusage) is the step's alone.
 *
 *   node --import tsx bench/scale-data.ts --scale N --dir data/bench [--redo step,step]
 *
 * Steps: generate (atlas generate into DIR/gen-sN), split (the last month apart), registry (a database with the
 * registry only), bare (CREATE TABLE AS read_parquet of the usage, the baseline), ingest (the usage but its last month
 * through ingestFile, then the facts), month_big / month_empty (the last month into that database and into the
 * registry-only one), server (atlas serve on the full database: start, every dashboard and indicator endpoint, RSS).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AtlasDb } from '../server/db/database.ts';
import { quoteString } from '../server/db/sql-text.ts';
import { generateSampleData } from '../server/generate/generate.ts';
import { cacheFile, FactStore } from '../server/facts/facts.ts';
import { ingestFile } from '../server/ingest/pipeline.ts';
import { measureServer } from './scale-server.ts';

export const STEPS = ['generate', 'split', 'registry', 'bare', 'ingest', 'month_big', 'month_empty', 'server'] as const;
type Step = (typeof STEPS)[number];
const REGISTRY = ['org', 'authorization', 'registration', 'authorization_resource', 'product'];

const { values } = parseArgs({
  options: {
    scale: { type: 'string' },
    dir: { type: 'string' },
    step: { type: 'string' },
    redo: { type: 'string' },
  },
});
const scale = Number(values.scale);
const gen = path.resolve(values.dir!, `gen-s${scale}`);
const out = path.resolve(values.dir!, `scale-s${scale}`);
fs.mkdirSync(out, { recursive: true });
const file = (name: string) => path.join(out, name);
const log = (m: string) => process.stderr.write(`${new Date().toISOString()} s${scale} ${m}\n`);
const seconds = (t0: number) => Math.round(performance.now() - t0) / 1000;
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const bytes = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
const mb = (n: number) => Math.round(n / 1e5) / 10;

function removeDb(f: string) {
  for (const x of [f, `${f}.wal`, cacheFile(f), `${cacheFile(f)}.wal`]) fs.rmSync(x, { force: true });
}
function copyDb(from: string, to: string) {
  removeDb(to);
  fs.copyFileSync(from, to);
  if (fs.existsSync(cacheFile(from))) fs.copyFileSync(cacheFile(from), cacheFile(to));
}

/** Ingest files into a database file, then bring its indicator facts up to date; the seconds of each. */
async function ingestInto(db: string, files: { kind: string; path: string }[]) {
  const atlas = await AtlasDb.open({ path: db });
  try {
    const facts = new FactStore(atlas);
    await facts.warm();
    let rows = 0;
    let rejected = 0;
    const rejects: Record<string, number> = {};
    const statements: Record<string, number> = {};
    const t0 = performance.now();
    for (const f of files) {
      const s = await ingestFile(atlas, { kind: f.kind, path: f.path, source: 'bench' });
      if (s.status !== 'COMMITTED') throw new Error(`${f.kind}: ${s.status}`);
      rows += s.inserted;
      rejected += s.rejected;
      for (const [reason, c] of Object.entries(s.rejects_by_reason)) rejects[`${f.kind}.${reason}`] = c.count;
      for (const [name, ms] of Object.entries(s.statements_ms ?? {})) statements[name] = (statements[name] ?? 0) + ms;
    }
    const ingest_s = seconds(t0);
    const t1 = performance.now();
    await facts.warm();
    const facts_s = seconds(t1);
    // the merge of appended month masks that a batch may leave due: in the background, after the facts are current
    const t2 = performance.now();
    const compaction = await facts.compaction;
    const compaction_s = compaction ? seconds(t2) : null;
    return {
      rows,
      rejected,
      rejects,
      ingest_s,
      facts_s,
      facts_mode: facts.lastSync?.mode ?? null,
      // where the ingest's time went: its five slowest statements, in seconds
      slowest: Object.fromEntries(
        Object.entries(statements)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 5)
          .map(([k, v]) => [k, Math.round(v) / 1000]),
      ),
      total_s: Math.round((ingest_s + facts_s) * 1000) / 1000,
      compaction_s,
      compacted: compaction?.facts ?? [],
    };
  } finally {
    atlas.close();
  }
}

const steps: Record<Step, () => Promise<Record<string, unknown>>> = {
  async generate() {
    if (fs.existsSync(path.join(gen, 'usage.parquet'))) {
      const kept = path.join(gen, 'generate.json');
      if (fs.existsSync(kept)) return JSON.parse(fs.readFileSync(kept, 'utf8'));
      return { note: 'generated before this bench kept its figures' };
    }
    const t0 = performance.now();
    const report = await generateSampleData({ scale, outDir: gen, onProgress: (m) => log(`  ${m}`) });
    const r = { seconds: seconds(t0), peak_rss_mb: peakRssMb(), usage_rows: report.tables.usage.rows };
    fs.writeFileSync(path.join(gen, 'generate.json'), JSON.stringify(r));
    return r;
  },

  async split() {
    const db = await AtlasDb.open({ path: ':memory:' });
    try {
      return await db.withConnection(async (con) => {
        const src = quoteString(path.join(gen, 'usage.parquet'));
        await con.run(`CREATE TEMP TABLE m AS SELECT max(period_month) AS m FROM read_parquet(${src})`);
        for (const [name, op] of [
          ['usage-rest.parquet', '<'],
          ['usage-last.parquet', '='],
        ])
          await con.run(
            `COPY (SELECT * FROM read_parquet(${src}) WHERE period_month ${op} (SELECT m FROM m)) TO ${quoteString(file(name))}`,
          );
        const r = await con.runAndReadAll(
          `SELECT (SELECT count(*) FROM read_parquet(${quoteString(file('usage-rest.parquet'))}))::BIGINT::VARCHAR,
                  (SELECT count(*) FROM read_parquet(${quoteString(file('usage-last.parquet'))}))::BIGINT::VARCHAR`,
        );
        const [rest, last] = (r.getRows()[0] as string[]).map(Number);
        const parquet = fs
          .readdirSync(gen)
          .filter((f) => f.endsWith('.parquet'))
          .reduce((s, f) => s + bytes(path.join(gen, f)), 0);
        return { usage_rows: rest + last, rest_rows: rest, last_rows: last, parquet_mb: mb(parquet) };
      });
    } finally {
      db.close();
    }
  },

  async registry() {
    removeDb(file('registry.duckdb'));
    const r = await ingestInto(
      file('registry.duckdb'),
      REGISTRY.map((kind) => ({ kind, path: path.join(gen, `${kind}.parquet`) })),
    );
    return { ...r, peak_rss_mb: peakRssMb() };
  },

  async bare() {
    const db = file('bare.duckdb');
    removeDb(db);
    const atlas = await AtlasDb.open({ path: db });
    try {
      const t0 = performance.now();
      await atlas.withConnection((con) =>
        con.run(`CREATE TABLE usage_bare AS SELECT * FROM read_parquet(${quoteString(file('usage-rest.parquet'))})`),
      );
      const s = seconds(t0);
      await atlas.withConnection((con) => con.run('CHECKPOINT'));
      return { seconds: s, peak_rss_mb: peakRssMb(), db_mb: mb(bytes(db)) };
    } finally {
      atlas.close();
      removeDb(db);
    }
  },

  async ingest() {
    copyDb(file('registry.duckdb'), file('full.duckdb'));
    const r = await ingestInto(file('full.duckdb'), [{ kind: 'usage', path: file('usage-rest.parquet') }]);
    return { ...r, peak_rss_mb: peakRssMb() };
  },

  async month_big() {
    const r = await ingestInto(file('full.duckdb'), [{ kind: 'usage', path: file('usage-last.parquet') }]);
    return {
      ...r,
      peak_rss_mb: peakRssMb(),
      db_mb: mb(bytes(file('full.duckdb'))),
      cache_mb: mb(bytes(cacheFile(file('full.duckdb')))),
    };
  },

  async month_empty() {
    copyDb(file('registry.duckdb'), file('empty-plus.duckdb'));
    const r = await ingestInto(file('empty-plus.duckdb'), [{ kind: 'usage', path: file('usage-last.parquet') }]);
    removeDb(file('empty-plus.duckdb'));
    return { ...r, peak_rss_mb: peakRssMb() };
  },

  async server() {
    // the facts as an ingest leaves them (current): a change of their definition since the database was built is
    // synced here, before the start is timed, and said in the result
    const atlas = await AtlasDb.open({ path: file('full.duckdb') });
    const facts = new FactStore(atlas);
    const t0 = performance.now();
    try {
      await facts.warm();
    } finally {
      atlas.close();
    }
    const before = { mode: facts.lastSync?.mode ?? null, reason: facts.lastSync?.reason ?? null, seconds: seconds(t0) };
    return { facts_before_start: before, ...(await measureServer(file('full.duckdb'), scale, log)) };
  },
};

if (values.step) {
  const step = values.step as Step;
  const r = await steps[step]();
  process.stdout.write(`${JSON.stringify(r)}\n`);
} else {
  const resultFile = file('result.json');
  const result: Record<string, unknown> = fs.existsSync(resultFile)
    ? JSON.parse(fs.readFileSync(resultFile, 'utf8'))
    : { scale };
  const redo = new Set((values.redo ?? '').split(',').filter(Boolean));
  // each step reads what the earlier ones wrote: once one runs, every later one runs again
  let ran = false;
  for (const step of STEPS) {
    if (step in result && !redo.has(step) && !ran) continue;
    ran = true;
    log(`step ${step}`);
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', import.meta.filename, '--scale', String(scale), '--dir', values.dir!, '--step', step],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 },
    );
    if (run.status !== 0) throw new Error(`step ${step} at scale ${scale} exited with ${run.status}`);
    result[step] = { ...JSON.parse(run.stdout.trim().split('\n').pop()!), at: new Date().toISOString() };
    fs.writeFileSync(resultFile, `${JSON.stringify(result, null, 2)}\n`);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
