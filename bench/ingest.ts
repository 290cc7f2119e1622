import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateSampleData } from '../server/generate/generate.ts';
import type { BenchContext, BenchSuite, Figure } from './figures.ts';

const MEMORY_LIMIT = '1GB';

/** Sample data from the generator (scale 100 ≈ 10M usage rows; quick: scale 1), Parquet and CSV, kept between runs. */
async function benchData(ctx: BenchContext, scale: number): Promise<{ dir: string; usageRows: number }> {
  const dir = path.join(ctx.dir, `ingest-s${scale}`);
  const ready = path.join(dir, 'ready.json');
  // the folder may have moved since it was made (another checkout): trust where it is now, not the path written then
  if (fs.existsSync(ready)) return { ...JSON.parse(fs.readFileSync(ready, 'utf8')), dir };
  fs.rmSync(dir, { recursive: true, force: true });
  ctx.log(`generating scale ${scale} sample data (Parquet and CSV) into ${dir}`);
  const report = await generateSampleData({
    scale,
    outDir: dir,
    csv: true,
    memoryLimit: MEMORY_LIMIT,
    onProgress: (m) => ctx.log(`  ${m}`),
  });
  const out = { dir, usageRows: report.tables.usage.rows };
  fs.writeFileSync(ready, JSON.stringify(out));
  return out;
}

interface ChildResult {
  seconds: number;
  max_rss_mb: number;
  status?: string;
  rows?: number;
  inserted?: number;
  phases_ms?: Record<string, number>;
  statements_ms?: Record<string, number>;
}

function child(
  ctx: BenchContext,
  mode: 'bare' | 'ingest',
  format: string,
  dataDir: string,
  threads: number,
): ChildResult {
  const dbFile = path.join(ctx.dir, `ingest-${mode}-${format}.duckdb`);
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(import.meta.dirname, 'ingest-child.ts'),
      mode,
      format,
      dataDir,
      dbFile,
      MEMORY_LIMIT,
      String(threads),
    ],
    { encoding: 'utf8', env: { ...process.env, ATLAS_LOG_LEVEL: 'silent' }, maxBuffer: 16 * 2 ** 20 },
  );
  if (run.status !== 0) throw new Error(`${mode} ${format} failed: ${run.stderr.slice(-2000)}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

const top = (ms: Record<string, number> | undefined, n = 5) =>
  Object.entries(ms ?? {})
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
    .join(', ');

export const ingestSuite: BenchSuite = {
  name: 'ingest',
  method: `
The usage table of the sample-data generator at scale 100 (about 10M rows; \`--quick\`: scale 1, about 100k rows), written
once as Parquet (zstd) and as CSV and kept in \`data/bench/ingest-s100/\`. Each measured run is a fresh child process on a
fresh database file, with DuckDB's \`memory_limit\` set to ${MEMORY_LIMIT} and \`threads\` to the number of CPUs, for both
sides:

- **baseline**: \`CREATE TABLE … AS SELECT * FROM read_parquet(…)\` (or \`read_csv(…)\` with DuckDB's sniffer) of the same file;
- **ingest**: \`ingestFile(db, { kind: 'usage' })\`, after loading org, authorization and product (untimed): content
  sniffing and SHA-256, duplicate-key pass, one set-based pass that parses, maps enumerations and regions, checks every
  reference and writes the clean rows in one transaction, warnings, the usage rollup, the batch record, commit.

Throughput is rows per second; the ratio is ingest / baseline (target ≥ 0.5 for Parquet: ingestion at least half as fast
as a bare load). Peak memory is \`process.resourceUsage().maxRSS\` of the child process (target under 2 GB). One run each
(the 10M-row runs take minutes); the machine is shared, so compare the ratio, not the seconds. The notes name the slowest
statements of the ingest (\`statements_ms\` in the ingest summary).
`,
  async run(ctx) {
    const scale = ctx.quick ? 1 : 100;
    const label = ctx.quick ? 'quick' : '10m';
    const threads = os.cpus().length;
    const data = await benchData(ctx, scale);
    const figures: Figure[] = [];
    for (const format of ['parquet', 'csv'] as const) {
      ctx.log(`${format}: baseline`);
      const bare = child(ctx, 'bare', format, data.dir, threads);
      ctx.log(`${format}: baseline ${bare.seconds.toFixed(1)} s; ingest`);
      const ing = child(ctx, 'ingest', format, data.dir, threads);
      ctx.log(`${format}: ingest ${ing.seconds.toFixed(1)} s (${ing.status}, ${ing.inserted} rows)`);
      if (ing.status !== 'COMMITTED' || ing.inserted !== data.usageRows) {
        throw new Error(`${format} ingest did not load every row: ${JSON.stringify(ing)}`);
      }
      const rows = data.usageRows;
      const ratio = bare.seconds / ing.seconds;
      figures.push({
        name: `ingest.${format}.${label}.throughput`,
        value: rows / ing.seconds,
        unit: 'rows/s',
        baseline: rows / bare.seconds,
        ratio,
        target: format === 'parquet' ? '>= 0.5' : null,
        ...(format === 'parquet' ? { pass: ratio >= 0.5 } : {}),
        note: `${rows} rows; ingest ${ing.seconds.toFixed(1)} s vs bare CTAS ${bare.seconds.toFixed(1)} s; slowest: ${top(ing.statements_ms)}`,
      });
      figures.push({
        name: `ingest.${format}.${label}.peak_rss`,
        value: ing.max_rss_mb,
        unit: 'MB',
        baseline: bare.max_rss_mb,
        ratio: bare.max_rss_mb / ing.max_rss_mb,
        target: '< 2048',
        pass: ing.max_rss_mb < 2048,
        note: `maxRSS of the ingest child (baseline: of the bare CTAS child); memory_limit ${MEMORY_LIMIT}`,
      });
    }
    return figures;
  },
};
