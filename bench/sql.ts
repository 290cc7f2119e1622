import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { duckdbResultToArrow } from '../server/db/arrow.ts';
import { tableFromIPC } from 'apache-arrow';
import { AtlasDb } from '../server/db/database.ts';
import { quoteString } from '../server/db/sql-text.ts';
import { AnalystSandbox } from '../server/sql/sandbox.ts';
import { openSandboxInstance, sandboxConfigFromEnv } from '../server/sql/snapshot.ts';
import { residentMb } from '../server/sql/worker-host.ts';
import { loadWorkbenchData } from '../server/sql/test-data.ts';
import { startTestServer } from '../server/test-support/server.ts';
import { percentile, type BenchSuite, type Figure } from './figures.ts';

const SHAPES: { name: string; sql: string }[] = [
  { name: 'count', sql: 'SELECT count(*) AS n, sum(calls) AS calls FROM usage' },
  {
    name: 'group_by',
    sql: 'SELECT provider_region_code, use_purpose, sum(amount_cny) AS amount, count(*) AS n FROM usage GROUP BY ALL',
  },
  {
    name: 'join_group',
    sql: 'SELECT p.sector_code, u.period_month, sum(u.calls) AS calls FROM usage u JOIN product p USING (product_id) GROUP BY ALL',
  },
  { name: 'top_n', sql: 'SELECT * FROM usage ORDER BY amount_cny DESC, usage_id LIMIT 100' },
  { name: 'rows_10k', sql: 'SELECT * FROM usage LIMIT 10000' },
];

/** 1M rows of the types analysts get back: integers past 2^53, money, sums, floats, text, dates, times, nested. */
const EXACT_SQL = `SELECT i::BIGINT * 9007199254 AS big, (i % 100000) / 100::DECIMAL(18,2) AS money,
  i::HUGEINT * 1000 AS total, i / 7 AS ratio, 'row ' || i AS label, DATE '2024-01-01' + (i % 365)::INTEGER AS day,
  TIMESTAMP '2024-01-01' + to_microseconds(i) AS at, [i % 10, i % 7] AS pair, {'k': i % 3, 's': 'x'} AS rec,
  CASE WHEN i % 11 = 0 THEN NULL ELSE i::INTEGER END AS maybe
  FROM range(1000000) t(i)`;

/**
 * Arrow conversion of exact types (server/db/arrow.ts, as the SQL worker runs it) against DuckDB alone: the median of 5
 * runs each, after a warm-up, on one in-memory instance with the sandbox's single thread. DuckDB alone materializes the
 * result (connection.run); the conversion streams it and builds the Arrow table (DuckDB's work included).
 */
export async function exactArrow(): Promise<Figure[]> {
  const inst = await DuckDBInstance.create(':memory:', { threads: '1' });
  const con = await inst.connect();
  try {
    const duck = await median(5, async () => void (await con.run(EXACT_SQL)));
    const ms = await median(5, async () => {
      await duckdbResultToArrow(await con.stream(EXACT_SQL), { bigint: 'exact' });
    });
    const figures: Figure[] = [
      {
        name: 'sql.arrow.exact.1m.throughput',
        value: 1e6 / (ms / 1000),
        unit: 'rows/s',
        baseline: 1e6 / (duck / 1000),
        ratio: duck / ms,
        target: '>= 0.5',
        pass: duck / ms >= 0.5,
        note: `1M rows × 10 mixed columns to exact Arrow in ${(ms / 1000).toFixed(2)} s vs DuckDB alone ${(duck / 1000).toFixed(2)} s; ratio = DuckDB time / conversion time`,
      },
    ];
    return figures;
  } finally {
    con.closeSync();
    inst.closeSync();
  }
}

async function median(runs: number, fn: () => Promise<void>): Promise<number> {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return percentile(times, 50);
}

export const sqlSuite: BenchSuite = {
  name: 'sql',
  method: `
Analyst SQL workbench (server/sql). A database with 1M usage rows (server/sql/test-data.ts; quick mode 100k) is served by a
real HTTP server in this process.

- **Overhead of /api/sql**: for each query shape, the median of 7 runs (after one warm-up) of POST /api/sql (Arrow IPC,
  decoded with tableFromIPC) against the median of the same query run by DuckDB alone (connection.run, materialized) on
  an instance opened on the same snapshot file with the same sandbox options (1 thread, 1GB). Ratio = API / DuckDB
  (lower is better; 1.0 means no overhead). The API adds statement checks, the LIMIT wrapper, the Arrow conversion in
  the SQL worker process, the IPC hop to the server, HTTP and the client's decode.
- **Export throughput**: POST /api/sql/export of \`SELECT * FROM usage\` (1M rows × 16 columns) as CSV, Parquet and
  Arrow, read to the last byte; rows/s and MB/s of the response. Baseline: DuckDB alone COPYing the same query to a file
  of the same format (Arrow: DuckDB materializing the result). RSS growth is the largest rise of resident memory,
  sampled every 20 ms, over its value before the export: of this process (client and server share it, the client
  discards bytes as they arrive) and of the SQL worker process (from /proc).
- **Exact Arrow conversion**: 1M rows × 10 columns of mixed types (BIGINT past 2^53, DECIMAL(18,2), HUGEINT, DOUBLE,
  VARCHAR, DATE, TIMESTAMP, LIST, STRUCT, a nullable INTEGER) converted to exact Arrow by server/db/arrow.ts (what the
  SQL worker does for every answer and Arrow export), median of 5 runs after a warm-up, against DuckDB alone
  materializing the same result, both on one in-memory instance with one thread (the sandbox's). Ratio = DuckDB time /
  conversion time (the conversion includes DuckDB's own work; target >= 0.5). DuckDB's node client has no Arrow export
  of its own to compare with (the dashboards' 'number' mode, which writes nested values as text through node-api's value
  objects, took 21.5 s on the same rows in a trial run: six times slower).
- **Snapshot build**: time to CHECKPOINT and copy the database file and drop the private tables from the copy (the SQL
  worker opens it on first use; 1M rows, and 10M narrow usage rows, full mode only). **Scope build**: time to write one
  region's snapshot from the national one (a new file with that region's rows of every record table), median over three
  regions, each built once.
`,
  async run(ctx) {
    const rows = ctx.quick ? 100_000 : 1_000_000;
    const file = path.join(ctx.dir, `sql-${rows}.duckdb`);
    const ready = `${file}.ready`; // written after a complete load, so an interrupted one is redone
    if (!fs.existsSync(ready)) for (const f of [file, `${file}.wal`]) fs.rmSync(f, { force: true });
    fs.rmSync(path.join(ctx.dir, `sql-${rows}.analyst`), { recursive: true, force: true });
    const db = await AtlasDb.open({ path: file });
    if (!fs.existsSync(ready)) {
      ctx.log(`loading ${rows} usage rows`);
      await loadWorkbenchData(db, rows);
      fs.writeFileSync(ready, new Date().toISOString());
    }
    process.env.ATLAS_LOG_LEVEL ??= 'silent'; // one request log line per measured query would drown the progress
    const server = await startTestServer({ db });
    const figures: Figure[] = await exactArrow();
    try {
      const post = (url: string, body: unknown) =>
        fetch(`${server.base}${url}`, {
          method: 'POST',
          // the same-origin proof every changing request needs (docs/security.md)
          headers: { 'content-type': 'application/json', 'x-atlas-request': '1' },
          body: JSON.stringify(body),
        });
      await (await post('/api/sql', { sql: 'SELECT 1' })).arrayBuffer(); // builds the snapshot
      const snapInfo = await (await fetch(`${server.base}/api/sql/status`)).json();
      figures.push({
        name: `sql.snapshot.${rows / 1e6}m.build`,
        value: snapInfo.snapshot.buildMs,
        unit: 'ms',
        note: 'CHECKPOINT + file copy + dropping the private tables from it (the SQL worker opens it on first use), usage table of this size',
      });

      const snapshotFile = fs
        .readdirSync(path.join(ctx.dir, `sql-${rows}.analyst`))
        .find((f) => f.endsWith('.duckdb'))!;
      const raw = await openSandboxInstance(
        path.join(ctx.dir, `sql-${rows}.analyst`, snapshotFile),
        sandboxConfigFromEnv(),
      );
      const con = await raw.connect();
      for (const shape of SHAPES) {
        const duck = await median(7, async () => {
          await con.run(shape.sql);
        });
        const api = await median(7, async () => {
          const res = await post('/api/sql', { sql: shape.sql, limit: 10_000 });
          tableFromIPC(new Uint8Array(await res.arrayBuffer()));
        });
        figures.push({
          name: `sql.api.${shape.name}.overhead`,
          value: api,
          unit: 'ms',
          baseline: duck,
          ratio: api / duck,
          target: shape.name === 'count' || shape.name === 'top_n' ? null : '<= 1.5',
          pass: shape.name === 'count' || shape.name === 'top_n' ? undefined : api / duck <= 1.5,
          note: 'ratio = API / DuckDB alone (lower is better); tiny queries are dominated by fixed per-request costs',
        });
      }
      con.closeSync();
      raw.closeSync();

      const exportSql = 'SELECT * FROM usage';
      for (const format of ['csv', 'parquet', 'arrow'] as const) {
        const base = await baselineExport(file, exportSql, format, ctx.dir);
        // the same export at a quarter and at the full size: bounded memory means the growth does not follow the rows
        const workerPid = ((await (await fetch(`${server.base}/api/sql/status`)).json()) as { worker: { pid: number } })
          .worker.pid;
        const quarter = await measureExport(post, `${exportSql} LIMIT ${rows / 4}`, format, workerPid);
        const full = await measureExport(post, exportSql, format, workerPid);
        figures.push({
          name: `sql.export.${format}.throughput`,
          value: rows / (full.ms / 1000),
          unit: 'rows/s',
          baseline: rows / (base / 1000),
          ratio: base / full.ms,
          note: `${(full.bytes / 1e6).toFixed(1)} MB in ${(full.ms / 1000).toFixed(2)} s = ${(full.bytes / 1e6 / (full.ms / 1000)).toFixed(1)} MB/s; ratio = DuckDB-alone time / export time`,
        });
        const growth = (what: string, fullMiB: number, quarterMiB: number, whose: string): Figure => ({
          name: `sql.export.${format}.${what}`,
          value: fullMiB,
          unit: 'MiB',
          baseline: quarterMiB,
          ratio: fullMiB / Math.max(quarterMiB, 1),
          target: '< 2 (4x the rows)',
          pass: fullMiB / Math.max(quarterMiB, 1) < 2,
          note: `peak RSS growth of ${whose} exporting ${rows} rows; baseline = the same at ${rows / 4} rows`,
        });
        figures.push(
          growth(
            'rss_growth',
            full.rssGrowthMiB,
            quarter.rssGrowthMiB,
            'the server process (server and client in one process)',
          ),
        );
        figures.push(
          growth('worker_rss_growth', full.workerGrowthMiB, quarter.workerGrowthMiB, 'the SQL worker process (DuckDB)'),
        );
      }
    } finally {
      await server.close();
    }
    try {
      figures.push(await scopeBuild(db, rows));
    } finally {
      db.close();
    }
    if (!ctx.quick) figures.push(await snapshotAt10m(ctx.dir, ctx.log));
    return figures;
  },
};

async function measureExport(
  post: (url: string, body: unknown) => Promise<Response>,
  sql: string,
  format: string,
  workerPid: number,
) {
  const rssBefore = process.memoryUsage().rss;
  let rssMax = rssBefore;
  const workerBefore = residentMb(workerPid) ?? 0;
  let workerMax = workerBefore;
  const sampler = setInterval(() => {
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
    workerMax = Math.max(workerMax, residentMb(workerPid) ?? 0);
  }, 20);
  const t0 = performance.now();
  const res = await post('/api/sql/export', { sql, format });
  let bytes = 0;
  for await (const part of res.body!) bytes += (part as Uint8Array).byteLength;
  const ms = performance.now() - t0;
  clearInterval(sampler);
  if (res.status !== 200) throw new Error(`export ${format} answered ${res.status}`);
  return { ms, bytes, rssGrowthMiB: (rssMax - rssBefore) / 2 ** 20, workerGrowthMiB: workerMax - workerBefore };
}

/** DuckDB alone writing the same result: COPY to CSV/Parquet, materializing for Arrow (it has no Arrow writer here). */
async function baselineExport(
  dbFile: string,
  sql: string,
  format: 'csv' | 'parquet' | 'arrow',
  dir: string,
): Promise<number> {
  const copy = path.join(dir, 'sql-baseline.duckdb');
  fs.copyFileSync(dbFile, copy); // a separate file: this process already has the live one open
  const inst = await DuckDBInstance.create(copy, { threads: '1', memory_limit: '1GB' });
  const con = await inst.connect();
  const out = path.join(dir, `sql-baseline.${format}`);
  const t0 = performance.now();
  if (format === 'arrow') await con.run(sql);
  else
    await con.run(
      `COPY (${sql}) TO ${quoteString(out)} (FORMAT ${format === 'csv' ? 'csv, HEADER true' : 'parquet, COMPRESSION zstd'})`,
    );
  const ms = performance.now() - t0;
  con.closeSync();
  inst.closeSync();
  for (const f of [copy, `${copy}.wal`, out]) fs.rmSync(f, { force: true });
  return ms;
}

/** One region's snapshot written from the national one: three regions in turn, each a new build; the median. */
async function scopeBuild(db: AtlasDb, rows: number): Promise<Figure> {
  const sandbox = new AnalystSandbox(db, { scopeSnapshots: 1 });
  try {
    (await sandbox.snapshots.acquire()).release();
    const times: number[] = [];
    for (const region of ['110000', '440000', '510000']) {
      const t0 = performance.now();
      (await sandbox.snapshots.acquire([region])).release();
      times.push(performance.now() - t0);
    }
    return {
      name: `sql.snapshot.${rows / 1e6}m.scope_build`,
      value: percentile(times, 50),
      unit: 'ms',
      note: `a scoped analyst's first query after a data change waits for this: one region's rows written to a new file (${times.map((t) => t.toFixed(0)).join(', ')} ms for 3 regions)`,
    };
  } finally {
    await sandbox.close();
  }
}

async function snapshotAt10m(dir: string, log: (m: string) => void): Promise<Figure> {
  const file = path.join(dir, 'sql-10m.duckdb');
  if (!fs.existsSync(file)) {
    log('building a 10M-row usage table for the snapshot figure');
    const db = await AtlasDb.open({ path: file });
    await db.withConnection((con) =>
      con.run(`INSERT INTO usage SELECT 'U' || i, DATE '2025-03-01' + to_months((i % 24)::INTEGER), 'P' || (i % 5000), NULL, '110000', 'O' || (i % 9000),
        'ENTERPRISE', '310000', 'INDUSTRY_DEVELOPMENT', i % 1000, i % 100, 0.5, (i % 1000) / 10, 0.99, false, 1 FROM range(10000000) t(i)`),
    );
    db.close();
  }
  const db = await AtlasDb.open({ path: file });
  const sandbox = new AnalystSandbox(db);
  try {
    await sandbox.run('SELECT 1');
    const info = sandbox.snapshots.info()!;
    return {
      name: 'sql.snapshot.10m.build',
      value: info.buildMs,
      unit: 'ms',
      note: `${(fs.statSync(file).size / 1e6).toFixed(0)} MB database file`,
    };
  } finally {
    await sandbox.close();
    db.close();
  }
}
