import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { BenchContext, BenchSuite, Figure } from './figures.ts';
import { replaceBetween, scaleChartSvg, scaleTable, type ScaleResult } from './scale-report.ts';

const ROOT = path.join(import.meta.dirname, '..');

/** One scale, measured (or resumed) by bench/scale-data.ts in a child process of its own. */
function measure(ctx: BenchContext, scale: number): ScaleResult {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'scale-data.ts'), '--scale', String(scale), '--dir', ctx.dir],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 },
  );
  if (run.status !== 0) throw new Error(`scale-data.ts at scale ${scale} exited with ${run.status}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as ScaleResult;
}

const r2 = (v: number) => Math.round(v * 100) / 100;

function figuresOf(r: ScaleResult): Figure[] {
  const tag = `scale.s${r.scale}`;
  const s = r.server;
  const rejected = r.registry.rejected + r.ingest.rejected + r.month_big.rejected;
  const figures: Figure[] = [
    {
      name: `${tag}.rejects`,
      value: rejected,
      unit: 'rows',
      target: '0',
      pass: rejected === 0,
      note: `${r.split.usage_rows} usage rows and the registry generated at scale ${r.scale}`,
    },
    {
      name: `${tag}.ingest`,
      value: r.ingest.ingest_s,
      unit: 's',
      baseline: r.bare.seconds,
      ratio: r2(r.bare.seconds / r.ingest.ingest_s),
      target: '>= 0.5',
      pass: r.bare.seconds / r.ingest.ingest_s >= 0.5,
      note: `${r.ingest.rows} usage rows through ingestFile vs CREATE TABLE AS read_parquet (ratio: bare / ingest)`,
    },
    {
      name: `${tag}.ingest.peak_rss`,
      value: r.ingest.peak_rss_mb,
      unit: 'MB',
      target: '< 3072',
      pass: r.ingest.peak_rss_mb < 3072,
    },
    {
      name: `${tag}.month.full_over_empty`,
      value: r2(r.month_big.total_s / r.month_empty.total_s),
      unit: '×',
      target: '<= 1.5',
      pass: r.month_big.total_s / r.month_empty.total_s <= 1.5,
      note:
        `${r.month_big.rows} rows, ingest + facts: ${r.month_big.ingest_s} + ${r.month_big.facts_s} s into the full ` +
        `database, ${r.month_empty.ingest_s} + ${r.month_empty.facts_s} s into the registry-only one` +
        (r.month_big.compaction_s ? `; then a background compaction of ${r.month_big.compaction_s} s` : ''),
    },
    {
      name: `${tag}.start.first_overview`,
      value: s.start.first_overview_s,
      unit: 's',
      // judged on the restart where there is one: this first start computes the default view the ingests (outside
      // the server) left to compute; a server that ingests computes it in the background at once
      target: s.restart ? null : '< 10',
      pass: s.restart ? undefined : s.start.first_overview_s < 10 && s.start.first_overview_status === 200,
      note: `first start after ingests outside the server; health after ${s.start.health_s} s; HTTP ${s.start.first_overview_status}; ${s.start.facts_log.join('; ')}`,
    },
  ];
  if (s.restart)
    figures.push({
      name: `${tag}.restart.first_overview`,
      value: s.restart.first_overview_s,
      unit: 's',
      target: '< 10',
      pass: s.restart.first_overview_s < 10 && s.restart.first_overview_status === 200,
      note: `a second start on the same data; health after ${s.restart.health_s} s; HTTP ${s.restart.first_overview_status}`,
    });
  if (s.warm)
    figures.push({
      name: `${tag}.start.warm`,
      value: s.warm.seconds,
      unit: 's',
      note:
        `start-up work ${s.warm.done ? 'done' : 'not done'} (the views the pages open with, one job at a time): ` +
        s.warm.jobs.map((j) => `${j.job} ${Math.round(j.ms / 100) / 10} s`).join(', '),
    });
  for (const [name, e] of Object.entries(s.endpoints)) {
    const failed = e.failures.length ? `; ${e.failures.length} calls failed (${[...new Set(e.failures)]})` : '';
    figures.push({
      name: `${tag}.${name}.new.p95`,
      value: e.new_p95_ms,
      unit: 'ms',
      target: '< 1000',
      pass: e.new_p95_ms < 1000 && !e.failures.length,
      note: `filter sets not seen before${failed}`,
    });
    if (e.cached_p95_ms !== null)
      figures.push({
        name: `${tag}.${name}.cached.p95`,
        value: e.cached_p95_ms,
        unit: 'ms',
        target: '< 100',
        pass: e.cached_p95_ms < 100,
      });
  }
  figures.push(
    {
      name: `${tag}.weight.alone.p95`,
      value: s.weight.alone.p95_ms,
      unit: 'ms',
      target: '< 300',
      pass: s.weight.alone.p95_ms < 300,
      note: 'cell-level ranking, a new weight per call, draws=0 (what the page shows at once), inputs reused',
    },
    {
      name: `${tag}.weight.draws_1000.p95`,
      value: s.weight.draws_1000.p95_ms,
      unit: 'ms',
      note: 'the same with the 1,000 draws of the rank intervals (the page shows them when they arrive)',
    },
    {
      name: `${tag}.server.peak_rss`,
      value: s.peak_rss_mb,
      unit: 'MB',
      target: '< 4096',
      pass: s.peak_rss_mb < 4096,
    },
    {
      name: `${tag}.database_size`,
      value: r.month_big.db_mb,
      unit: 'MB',
      baseline: r.split.parquet_mb,
      ratio: r2(r.month_big.db_mb / r.split.parquet_mb),
      note: `database file vs the generated Parquet files (ratio: database / Parquet); facts cache file ${r.month_big.cache_mb} MB; bare table ${r.bare.db_mb} MB`,
    },
  );
  if (r.generate.seconds !== undefined)
    figures.push({
      name: `${tag}.generate.peak_rss`,
      value: r.generate.peak_rss_mb!,
      unit: 'MB',
      target: '< 2048',
      pass: r.generate.peak_rss_mb! < 2048,
      note: `atlas generate in ${r.generate.seconds} s`,
    });
  return figures;
}

export const scaleSuite: BenchSuite = {
  name: 'scale',
  optIn: true,
  method: `
Issue #25's figures at scales 1, 10, 100 and 1000 (about 10⁵ to 10⁸ usage rows; \`ATLAS_BENCH_SCALES=1,10\` picks
others, \`--quick\` runs scale 1), by \`bench/scale-data.ts\`, each step in a child process of its own (its peak RSS is
the step's, from getrusage), with the default \`ATLAS_MEMORY_LIMIT\`. The data and databases stay in
\`data/bench/gen-sN\` and \`data/bench/scale-sN\`, and each step's result in \`scale-sN/result.json\`, so a run resumes
and \`node --import tsx bench/scale-data.ts --scale N --dir data/bench --redo server\` re-measures one step.

- **generate**: \`atlas generate --scale N\` (seconds, peak RSS); **rejects**: rows rejected when all of it is ingested.
- **ingest**: the registry, then every usage month but the last through \`ingestFile\` (validation, keys, lineage,
  the rollup) into a database with the registry; the baseline is \`CREATE TABLE AS SELECT * FROM read_parquet\` of the
  same file into an empty database (ratio bare / ingest, target ≥ 0.5).
- **one more month**: the last month ingested and the indicator facts brought up to date after it, into that database
  and into a copy of the registry-only database (target: full / empty ≤ 1.5). When the batch leaves the month-mask
  facts grown by half since their last compaction, the compaction that follows in the background is timed on its own
  (readers do not wait for it).
- **server**: \`atlas serve\` as a child process on the full database (facts kept from the steps before, as after any
  ingest): seconds until \`/api/health\` answers and until the first \`/api/dashboard/overview\` is served (the
  ingests ran outside the server, so this start computes the default view); the seconds until the start-up work is
  done (the server's background jobs, one at a time: the dashboard's default view, then the indicators' default views;
  each job's time from the server's log); then, on the server at rest, each dashboard and indicator endpoint with the pages' default parameters on filter sets not seen before (one sector, one
  province, a window of months, a province and a sector, in turn, each used once by one endpoint: 12 calls per endpoint
  at scales 1 and 10, 8 at 100, 4 at 1000, so the p95 is close to the slowest call), then one filter set repeated 20
  times (cached); a weight moved on the cell-level market-demand ranking 20 times (inputs reused), alone (\`draws=0\`,
  shown at once) and with the 1,000 draws; the server's RSS sampled every 200 ms and its peak (VmHWM). The rate limit
  is off (\`ATLAS_RATE_LIMIT=0\`): the calls come from one client. Last, the server stopped and started again on the
  same data: seconds until \`/api/health\` answers and the first overview is served (target < 10 s: nothing derived
  is computed again).
- **database size**: the database file after the last month, beside the generated Parquet files (zstd).

The same figures as a table with a column per scale, and a chart of each against the usage rows, are written into
\`docs/scaling.md\` and \`docs/scale.svg\`, with the load under which each part ran and what the figures mean.
A call that fails (a 504 after the dashboard's 15 s timeout) counts with its time in the p95 and is listed; it is not
repeated for the cached figure, since a failure is not cached.
`,
  async run(ctx) {
    const scales = ctx.quick
      ? [1]
      : (process.env.ATLAS_BENCH_SCALES ?? '1,10,100,1000').split(',').map((s) => Number(s.trim()));
    const results: ScaleResult[] = [];
    for (const scale of scales) {
      ctx.log(`scale ${scale}`);
      results.push(measure(ctx, scale));
    }
    if (!ctx.quick) {
      replaceBetween(path.join(ROOT, 'docs', 'scaling.md'), 'scale-table', scaleTable(results));
      fs.writeFileSync(path.join(ROOT, 'docs', 'scale.svg'), scaleChartSvg(results));
    }
    return results.flatMap(figuresOf);
  },
};
