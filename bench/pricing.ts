/**
 * The operators and pricing pages' endpoints (issue 27): latency of a filter set not seen before (the service computes
 * it) and of one seen before (its answer is kept per data version), on the default sample data.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSampleData } from '../server/api/sample-bootstrap.ts';
import { AtlasDb } from '../server/db/database.ts';
import { createLogger } from '../server/log.ts';
import { startTestServer } from '../server/test-support/server.ts';
import { percentile, type BenchSuite, type Figure } from './figures.ts';

/** Each endpoint with the format its page asks for. */
const ENDPOINTS: { name: string; path: string; extra: string; filtered: 'full' | 'disclosure' }[] = [
  { name: 'operators', path: '/api/operators', extra: '', filtered: 'full' },
  { name: 'operator_findings', path: '/api/operators/findings', extra: 'format=json', filtered: 'full' },
  { name: 'operator_products', path: '/api/operators/products', extra: 'format=json', filtered: 'full' },
  { name: 'pricing_prices_product', path: '/api/pricing/prices', extra: 'format=json', filtered: 'full' },
  { name: 'pricing_prices_region', path: '/api/pricing/prices', extra: 'format=json&level=region', filtered: 'full' },
  { name: 'pricing_revenue', path: '/api/pricing/revenue', extra: 'format=json', filtered: 'full' },
  { name: 'pricing_distribution', path: '/api/pricing/distribution', extra: 'format=json', filtered: 'full' },
  { name: 'pricing_disclosure', path: '/api/pricing/disclosure', extra: 'format=json', filtered: 'disclosure' },
];
const REGIONS = ['330000', '320000', '440000', '510000', '110000', '410000', '370000', '420000', '350000', '310000'];
const SECTORS = ['DEX05', 'DEX08', 'DEX04', 'DEX01', 'DEX06', 'DEX03'];
const MODES = ['SCENARIO', 'DOMAIN', 'OVERALL'];

/** n distinct filter sets: a region, a sector, a mode or a year, alone and combined. */
function filterSets(n: number, kind: 'full' | 'disclosure'): string[] {
  const out = new Set<string>();
  for (let i = 0; out.size < n && i < 10 * n; i++) {
    const year = 2025 + (i % 2);
    if (kind === 'disclosure') {
      out.add(`region=${REGIONS[i % REGIONS.length]}&year=${2025 + (Math.floor(i / REGIONS.length) % 2)}`);
      continue;
    }
    const parts: string[] = [];
    if (i % 2 === 0) parts.push(`regions=${REGIONS[(i / 2) % REGIONS.length]}`);
    if (i % 3 !== 0) parts.push(`sectors=${SECTORS[i % SECTORS.length]}`);
    if (i % 4 === 3) parts.push(`modes=${MODES[i % MODES.length]}`);
    if (i % 5 === 4) parts.push(`year=${year}`);
    out.add(parts.join('&'));
  }
  return [...out];
}

async function sampleDb(dir: string, scale: number, log: (m: string) => void): Promise<AtlasDb> {
  const file = path.join(dir, `pricing-s${scale}.duckdb`);
  const ready = `${file}.ready`;
  if (!fs.existsSync(ready)) {
    fs.rmSync(file, { force: true });
    log(`loading the sample data (scale ${scale}) into a bench database`);
    const db = await AtlasDb.open({ path: file });
    await loadSampleData(db, createLogger('bench'), { scale });
    fs.writeFileSync(ready, new Date().toISOString());
    return db;
  }
  return AtlasDb.open({ path: file });
}

export const pricingSuite: BenchSuite = {
  name: 'pricing',
  method: `The endpoints of the operators page and of the pricing page (issue 27: \`/api/operators\`, its findings and
products, \`/api/pricing/prices\` at product and region level, \`/revenue\`, \`/distribution\`, \`/disclosure\`), served by a
real HTTP server in this process over the default sample data (scale 1, default seed, built once into
\`data/bench/pricing-s1.duckdb\`; \`ATLAS_BENCH_PRICING_SCALE\` names another scale). The server's caches start empty.

- **New filter set**: each endpoint is called once with each of 24 distinct filter sets (a region, a sector, a mode, a
  year, alone and combined; the disclosure: a region and a year), one after another, none seen before by the server: the
  answer is computed by DuckDB. p50 and p95 of the HTTP request's wall time including transfer; target p95 < 1 s.
- **Cached**: the same 24 requests again: the answer comes from the service's per-data-version cache. Target p95 < 100 ms.
  A cached table is still written as JSON on each request (about 1,100 rows for the product-level tables).

The endpoints run in the order listed. \`/api/operators\` computes the worklist of its filter set as the page does, so
the findings' "new" figures are answers that call already computed (on the page they are). Scale 100 is not measured
here: generating and ingesting it takes about 10 minutes on this machine before any request.

Quick mode: 6 filter sets. The machine is shared (see the load average in the notes).`,
  async run(ctx) {
    const scale = Number(process.env.ATLAS_BENCH_PRICING_SCALE ?? 1);
    const db = await sampleDb(ctx.dir, scale, ctx.log);
    const srv = await startTestServer({ db });
    const figures: Figure[] = [];
    try {
      const n = ctx.quick ? 6 : 24;
      for (const ep of ENDPOINTS) {
        const sets = filterSets(n, ep.filtered);
        const time = async (q: string) => {
          const url = `${srv.base}${ep.path}?${[ep.extra, q].filter(Boolean).join('&')}`;
          const t0 = performance.now();
          const res = await fetch(url);
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
          return performance.now() - t0;
        };
        const cold: number[] = [];
        for (const q of sets) cold.push(await time(q));
        const warm: number[] = [];
        for (const q of sets) warm.push(await time(q));
        const load = `load average ${os.loadavg()[0].toFixed(1)}`;
        figures.push(
          {
            name: `pricing.api.${ep.name}.new.p95`,
            value: percentile(cold, 95),
            unit: 'ms',
            target: '< 1000 ms',
            pass: percentile(cold, 95) < 1000,
            note: `p50 ${percentile(cold, 50).toFixed(1)} ms over ${cold.length} filter sets not seen before; scale ${scale}; ${load}`,
          },
          {
            name: `pricing.api.${ep.name}.cached.p95`,
            value: percentile(warm, 95),
            unit: 'ms',
            target: '< 100 ms',
            pass: percentile(warm, 95) < 100,
            note: `p50 ${percentile(warm, 50).toFixed(1)} ms over the same ${warm.length} requests again; ${load}`,
          },
        );
        ctx.log(
          `${ep.name}: new p95 ${percentile(cold, 95).toFixed(0)} ms, cached p95 ${percentile(warm, 95).toFixed(1)} ms`,
        );
      }
    } finally {
      await srv.close();
      db.close();
    }
    return figures;
  },
};
