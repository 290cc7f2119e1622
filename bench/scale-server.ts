/**
 * The server's figures at one scale (bench/scale-data.ts, step "server"): `atlas serve` started on the database, the
 * seconds until /api/health answers and until the first overview is served, then every dashboard and indicator
 * endpoint on filter sets not seen before (each call a cache miss), the same call repeated (cached), a weight moved on
 * the cell-level ranking (inputs reused), and the server's resident memory sampled throughout.
 */
import { toDocument } from '../server/indicators/spec.ts';
import { methodology } from '../server/indicators/methodologies.ts';
import { backgroundJobs, startAtlas, factsLog, waitForJob, type AtlasProcess } from './atlas-process.ts';
import { percentile } from './figures.ts';

interface Reference {
  regions: { region_code: string; is_province: boolean }[];
  sectors: { sector_code: string }[];
  period: { first: string | null; last: string | null };
}

type Query = Record<string, string>;

interface Endpoint {
  name: string;
  path: string;
  query?: Query;
  body?: unknown;
}

const DAI = toDocument(methodology('data-abundance'));

/** The dashboard and indicator endpoints the pages call, with the parameters the pages send by default. */
const ENDPOINTS: Endpoint[] = [
  { name: 'dashboard.overview', path: '/api/dashboard/overview' },
  { name: 'dashboard.trend', path: '/api/dashboard/trend' },
  { name: 'dashboard.regions', path: '/api/dashboard/regions', query: { measure: 'calls' } },
  { name: 'dashboard.cells', path: '/api/dashboard/cells', query: { measure: 'calls' } },
  { name: 'indicators.values', path: '/api/indicators/values', query: { level: 'region' } },
  { name: 'composite', path: '/api/composite', query: { level: 'region' }, body: DAI },
  { name: 'rankings.region', path: '/api/rankings', query: { level: 'region', index: 'data-abundance' } },
  { name: 'rankings.cell', path: '/api/rankings', query: { level: 'cell', index: 'market-demand' } },
  { name: 'quadrants', path: '/api/quadrants' },
  { name: 'candidates', path: '/api/candidates' },
  { name: 'models', path: '/api/models' },
  { name: 'peers', path: '/api/regions/330000/peers' },
];

/**
 * Filter sets a planner would pick, each used once: one sector, one province, a window of months, a province and a
 * sector together, in turn.
 */
function* filterSets(ref: Reference): Generator<Query> {
  const provinces = ref.regions.filter((r) => r.is_province).map((r) => r.region_code);
  const sectors = ref.sectors.map((s) => s.sector_code);
  const last = ref.period.last!;
  const monthsBack = (n: number) => {
    const [y, m] = last.split('-').map(Number);
    const d = new Date(Date.UTC(y, m - 1 - n, 1));
    return d.toISOString().slice(0, 7);
  };
  for (let i = 0; ; i++) {
    const p = provinces[(i * 7) % provinces.length];
    const s = sectors[(i * 5) % sectors.length];
    switch (i % 4) {
      case 0:
        yield { sectors: s, from: monthsBack(11 + (i % 3)), to: last };
        break;
      case 1:
        yield { regions: p, from: monthsBack(11 + (i % 3)), to: last };
        break;
      case 2:
        yield { from: monthsBack(3 + (i % 20)), to: monthsBack(i % 3) };
        break;
      default:
        yield { regions: p, sectors: s };
    }
  }
}

const ms = (v: number) => Math.round(v);

/** A started server's first overview: seconds from the spawn until it was served, its status, the facts' log. */
async function firstOverview(atlas: AtlasProcess) {
  const r = await fetch(`${atlas.base}${ENDPOINTS[0].path}`);
  await r.arrayBuffer();
  return {
    health_s: atlas.health_s,
    first_overview_s: atlas.elapsed(),
    first_overview_status: r.status,
    facts_log: factsLog(atlas.logs()),
  };
}

export async function measureServer(file: string, scale: number, log: (m: string) => void) {
  const port = 3800 + Math.floor(Math.random() * 150);
  const atlas = await startAtlas(file, port, { ATLAS_RATE_LIMIT: '0' });
  let peakRss = 0;
  const sampler = setInterval(() => {
    const m = atlas.memory();
    if (m) peakRss = Math.max(peakRss, m.rss_mb);
  }, 200);
  const seen = new Set<string>();
  const call = async (e: Endpoint, query: Query): Promise<{ ms: number; status: number }> => {
    const url = `${atlas.base}${e.path}?${new URLSearchParams({ ...e.query, ...query })}`;
    const t0 = performance.now();
    const r = await fetch(
      url,
      e.body
        ? {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-atlas-request': '1' },
            body: JSON.stringify(e.body),
          }
        : undefined,
    );
    await r.arrayBuffer();
    return { ms: performance.now() - t0, status: r.status };
  };
  try {
    const start = await firstOverview(atlas);
    log(
      `start: health ${start.health_s} s, first overview ${start.first_overview_s} s (${start.first_overview_status})`,
    );
    // The figures per endpoint are those of a server at rest: once the views the pages open with are precomputed (the
    // server's start-up work, timed here on its own), a filter set not seen before is the reader's own work only.
    const warmed = await waitForJob(atlas, 'indicator default views', 30 * 60_000);
    const warm = { done: warmed, seconds: atlas.elapsed(), jobs: backgroundJobs(atlas.logs()) };
    log(`start-up work ${warmed ? 'done' : 'not done'} after ${warm.seconds} s: ${JSON.stringify(warm.jobs)}`);
    const ref = (await (await fetch(`${atlas.base}/api/reference`)).json()) as Reference;
    const sets = filterSets(ref);
    const next = () => {
      for (;;) {
        const q = sets.next().value as Query;
        const key = JSON.stringify(q);
        if (!seen.has(key)) {
          seen.add(key);
          return q;
        }
      }
    };
    const fresh = scale >= 1000 ? 4 : scale >= 100 ? 8 : 12;
    const repeats = 20;
    const endpoints: Record<string, unknown> = {};
    for (const e of ENDPOINTS) {
      const news: number[] = [];
      const failures: number[] = [];
      // a filter set no endpoint has seen: the dashboard's four views share one computation per filter set
      for (let i = 0; i < fresh; i++) {
        const r = await call(e, next());
        news.push(r.ms);
        if (r.status !== 200) failures.push(r.status);
      }
      const q = next();
      const cached: number[] = [];
      // a call that failed is not cached: repeating it would time the failure again, so it is said once
      if ((await call(e, q)).status === 200) for (let i = 0; i < repeats; i++) cached.push((await call(e, q)).ms);
      endpoints[e.name] = {
        new_p50_ms: ms(percentile(news, 50)),
        new_p95_ms: ms(percentile(news, 95)),
        new_max_ms: ms(Math.max(...news)),
        new_calls: news.length,
        failures,
        cached_p50_ms: cached.length ? ms(percentile(cached, 50)) : null,
        cached_p95_ms: cached.length ? ms(percentile(cached, 95)) : null,
      };
      log(
        `${e.name}: new p95 ${ms(percentile(news, 95))} ms (${failures.length} failed), cached p95 ${ms(percentile(cached, 95))} ms`,
      );
    }
    // moving a weight on the cell-level ranking: the default filters' inputs are computed once, then reused; the page
    // asks for the ranking alone (draws=0), shown at once, and the full answer with its 1,000 draws beside it
    const cell = ENDPOINTS.find((e) => e.name === 'rankings.cell')!;
    await call(cell, {});
    const weightChange = async (draws: Query) => {
      const t: number[] = [];
      for (let i = 0; i < 20; i++)
        t.push(
          (await call(cell, { ...draws, weights: `growth:${(0.5 + i / 40 + Math.random() / 1000).toFixed(5)}` })).ms,
        );
      return { p50_ms: ms(percentile(t, 50)), p95_ms: ms(percentile(t, 95)), calls: t.length };
    };
    const weight = { alone: await weightChange({ draws: '0' }), draws_1000: await weightChange({}) };
    log(`weight change: p95 ${weight.alone.p95_ms} ms alone, ${weight.draws_1000.p95_ms} ms with 1,000 draws`);
    const peak_rss_mb = Math.max(peakRss, atlas.memory()?.peak_mb ?? 0);
    // A restart on the same data, as an operator's: the first start above computed the default view (the data came
    // from ingests outside the server), which the server keeps; now nothing derived should be computed again.
    clearInterval(sampler);
    await atlas.stop();
    const again = await startAtlas(file, port + 1, { ATLAS_RATE_LIMIT: '0' });
    try {
      const restart = await firstOverview(again);
      log(
        `restart: health ${restart.health_s} s, first overview ${restart.first_overview_s} s (${restart.first_overview_status})`,
      );
      return { start, warm, restart, endpoints, weight, peak_rss_mb };
    } finally {
      await again.stop();
    }
  } finally {
    clearInterval(sampler);
    await atlas.stop();
  }
}
