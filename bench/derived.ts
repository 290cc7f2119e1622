import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { generateSampleData } from '../server/generate/generate.ts';
import type { BenchContext, BenchSuite, Figure } from './figures.ts';

interface Month {
  ingest_s: number;
  facts_sync_s: number;
  facts_sync_mode: string;
  total_s: number;
  full_rebuild_s: number;
}
interface Start {
  health_s: number;
  first_overview_s: number | string;
  first_ranking_s: number | string;
  facts_log: string[];
}
interface Result {
  usage_rows: { before_last_month: number; last_month: number };
  month_into_big: Month;
  month_into_empty: Month;
  big_over_empty: number;
  start_kept: Start;
  start_without_cache: Start;
}

/** One scale: generated data kept in ctx.dir, measured by bench/derived-data.ts in a child process of its own. */
function measure(ctx: BenchContext, scale: number): Result {
  const gen = path.join(ctx.dir, `derived-gen-s${scale}`);
  const out = path.join(ctx.dir, `derived-s${scale}`);
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'derived-data.ts'), '--gen', gen, '--out', out],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 },
  );
  if (run.status !== 0) throw new Error(`derived-data.ts at scale ${scale} exited with ${run.status}`);
  return JSON.parse(run.stdout) as Result;
}

const num = (v: number | string) => (typeof v === 'number' ? v : Number.parseFloat(v));

export const derivedSuite: BenchSuite = {
  name: 'derived',
  optIn: true,
  method: `
What the derived data (usage rollup, indicator facts) cost per batch and at a start (issue #25). From one generated set
(scale 1 and 100; \`--quick\`: scale 1), \`bench/derived-data.ts\` builds a database with the registry and every usage
month but the last, and one with the registry only, each with its facts current; then, on copies:

- **one more month**: the last month ingested (\`ingestFile\`, the rollup included) and the facts brought up to date
  after it (\`FactStore.warm\`: an incremental update from the batch); the baseline is a full rebuild of the facts on
  the same database, what every batch cost before. The ratio big / empty compares the month (ingest and facts) into
  the big database with the same month into the empty one (target ≤ 1.5: the cost grows with what is added);
- **server start**: \`atlas serve --no-sample\` as a child process on the big database, seconds until \`/api/health\`
  answers and until the first \`/api/dashboard/overview\` and \`/api/rankings\` are served (rankings wait for the
  facts); the baseline is the same start with the cache file removed, which is what every start did before (the file
  was emptied at start and the facts rebuilt). The note quotes the server's log line on the facts.

One run each; the machine is shared (load average about 15 on 2 cores), so compare within a row.
`,
  async run(ctx) {
    const figures: Figure[] = [];
    for (const scale of ctx.quick ? [1] : [1, 100]) {
      const gen = path.join(ctx.dir, `derived-gen-s${scale}`);
      if (!fs.existsSync(path.join(gen, 'usage.parquet'))) {
        ctx.log(`generating scale ${scale} into ${gen}`);
        await generateSampleData({ scale, outDir: gen });
      }
      ctx.log(`measuring scale ${scale}`);
      const r = measure(ctx, scale);
      const tag = `derived.s${scale}`;
      const rows = `${r.usage_rows.before_last_month} usage rows + a month of ${r.usage_rows.last_month}`;
      const { month_into_big: big, month_into_empty: empty } = r;
      figures.push(
        {
          name: `${tag}.month.facts`,
          value: big.facts_sync_s,
          unit: 's',
          baseline: big.full_rebuild_s,
          ratio: Math.round((big.full_rebuild_s / big.facts_sync_s) * 100) / 100,
          note: `${rows}: facts ${big.facts_sync_mode} after the month vs a full rebuild (ratio: rebuild / incremental)`,
        },
        {
          name: `${tag}.month.big_over_empty`,
          value: r.big_over_empty,
          unit: '×',
          target: '<= 1.5',
          pass: r.big_over_empty <= 1.5,
          note:
            `ingest + facts: ${big.ingest_s} + ${big.facts_sync_s} s into the big database, ` +
            `${empty.ingest_s} + ${empty.facts_sync_s} s into the empty one`,
        },
      );
      for (const [what, key] of [
        ['health', 'health_s'],
        ['first_overview', 'first_overview_s'],
        ['first_ranking', 'first_ranking_s'],
      ] as const) {
        const kept = num(r.start_kept[key]);
        const before = num(r.start_without_cache[key]);
        figures.push({
          name: `${tag}.start.${what}`,
          value: kept,
          unit: 's',
          baseline: before,
          ratio: Math.round((before / kept) * 100) / 100,
          note:
            what === 'first_ranking'
              ? `${r.start_kept.facts_log.join('; ')} vs ${r.start_without_cache.facts_log.join('; ')}`
              : `facts kept vs cache file removed (the start before)${typeof r.start_kept[key] === 'string' ? `; ${r.start_kept[key]}` : ''}`,
        });
      }
    }
    return figures;
  },
};
