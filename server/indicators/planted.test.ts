import fs from 'node:fs';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startSampleServer, type SampleServer } from '../test-support/sample-server.ts';
import { AtlasDb } from '../db/database.ts';
import { queryRows } from '../db/query.ts';
import { type TestServer } from '../test-support/server.ts';
import { EMPTY_FILTERS } from '../filters.ts';
import { computeCandidates } from './candidates.ts';
import { FactStore, factSql } from '../facts/facts.ts';
import { InputStore } from './input-store.ts';
import { resolveWindows, type Fork, type InputSource } from './inputs.ts';
import { methodology } from './methodologies.ts';
import { computeModels } from './models.ts';
import { computeRanking } from './rankings.ts';

// The engine must find the signals planted in the generated sample data (sample-data/README.md) from its own
// definitions: scale-1 data generated with the default seed, ingested through ingestFile, queried over HTTP.
let db: AtlasDb;
let srv: TestServer;

let sample: SampleServer | undefined;
beforeAll(async () => {
  sample = await startSampleServer(1, 'atlas-planted-');
  ({ db, srv } = sample);
});
afterAll(() => sample?.close());

const get = async (path: string) => {
  const r = await fetch(`${srv.base}/api${path}`);
  expect(r.status).toBe(200);
  return (await r.json()) as any;
};

describe('planted signals in the scale-1 sample data', () => {
  it('the three planted breakthrough cells are in the top 5 candidates of the 31 × 18 cells', async () => {
    const body = await get('/candidates?limit=5');
    const top5 = body.candidates.map((c: any) => c.entity);
    expect(top5).toEqual(expect.arrayContaining(['330000:DEX05', '510000:DEX08', '420000:DEX04']));
    for (const c of body.candidates.filter((x: any) =>
      ['330000:DEX05', '510000:DEX08', '420000:DEX04'].includes(x.entity),
    )) {
      expect(c.quadrant).toBe('breakthrough');
      expect(c.evidence.demand.demand_growth).toBeGreaterThan(0);
      expect(c.unlockable_supply.unlockable_resources).toBeGreaterThan(0);
      expect(c.evidence.top_resources.length).toBeGreaterThan(0);
      expect(c.evidence.top_holders.length).toBeGreaterThan(0);
    }
  });

  it('the planted supply gaps are classified so, with a gap score in the top decile', async () => {
    const { rows } = await get('/quadrants?format=json');
    expect(rows).toHaveLength(558);
    for (const cell of ['440000:DEX06', '310000:DEX03']) {
      const r = rows.find((x: any) => x.entity === cell);
      expect(r.quadrant, cell).toBe('supply_gap');
      expect(r.gap_percentile, cell).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('the planted untapped cells are classified so', async () => {
    const { rows } = await get('/quadrants?format=json');
    for (const cell of ['520000:DEX10', '370000:DEX02'])
      expect(rows.find((x: any) => x.entity === cell).quadrant, cell).toBe('untapped');
  });

  it('finds the planted models with their target provinces among the top 3, and not the declining negative control', async () => {
    const { models } = await get('/models');
    const key = (m: any) => [m.scenario_name, m.sector_code, m.auth_mode, m.product_form, m.charge_basis].join('|');
    const found = new Map(models.map((m: any) => [key(m), m]));
    const expected = [
      {
        k: '普惠金融信贷风控|DEX05|SCENARIO|MODEL_SCORE|PER_CALL',
        regions: ['320000', '330000', '350000', '510000'],
        targets: ['340000', '420000'],
      },
      {
        k: '商业保险核保理赔|DEX08|DOMAIN|VERIFICATION|PER_CALL',
        regions: ['110000', '310000', '370000', '440000'],
        targets: ['120000', '500000'],
      },
      {
        k: '物流货运信用评估|DEX04|SCENARIO|API_QUERY|PER_CALL',
        regions: ['410000', '430000', '610000'],
        targets: ['360000', '140000'],
      },
    ];
    for (const e of expected) {
      const m: any = found.get(e.k);
      expect(m, e.k).toBeDefined();
      expect(m.success_regions).toEqual(e.regions);
      const top3 = m.targets.slice(0, 3).map((t: any) => t.region_code);
      expect(top3, e.k).toEqual(expect.arrayContaining(e.targets));
      for (const t of m.targets) expect(m.all_regions).not.toContain(t.region_code);
      const shares = m.targets[0].contributions.reduce((a: number, c: any) => a + (c.share ?? 0), 0);
      expect(shares).toBeCloseTo(1, 9);
    }
    expect([...found.keys()].some((k) => String(k).startsWith('文旅客流预测'))).toBe(false);
  });

  it('says where one region stands towards every model (for=): succeeded, running, or its rank as a candidate', async () => {
    const all = (await get('/models?targets=31')).models;
    const sichuan = (await get('/models?targets=31&for=510000')).models;
    expect(sichuan.map((m: any) => m.scenario_name)).toEqual(all.map((m: any) => m.scenario_name));
    for (const [i, m] of sichuan.entries()) {
      const a = m.adopter;
      expect(a.region_code).toBe('510000');
      const rank = all[i].targets.findIndex((t: any) => t.region_code === '510000');
      if (m.success_regions.includes('510000')) expect(a).toMatchObject({ standing: 'succeeded', rank: null });
      else if (m.all_regions.includes('510000')) expect(a).toMatchObject({ standing: 'running', rank: null });
      else if (rank >= 0) {
        // the rank among every province without the model, as the full target list orders them
        expect(a).toMatchObject({ standing: 'candidate', rank: rank + 1, of: all[i].targets.length });
        expect(a.similarity).toBeCloseTo(all[i].targets[rank].similarity, 12);
        const shares = new Map(all[i].targets[rank].contributions.map((c: any) => [c.indicator, c.share]));
        expect(shares.get(a.closest[0])).toBeLessThanOrEqual(shares.get(a.furthest[0]) as number);
      } else expect(a.standing).toBe('not_comparable');
    }
    // Sichuan succeeded with the planted credit model; planted targets lead their model's list
    expect(sichuan.find((m: any) => m.scenario_name === '普惠金融信贷风控').adopter.standing).toBe('succeeded');
    const hubei = (await get('/models?for=420000')).models.find((m: any) => m.scenario_name === '普惠金融信贷风控');
    expect(hubei.adopter).toMatchObject({ standing: 'candidate' });
    expect(hubei.adopter.rank).toBeLessThanOrEqual(3);
    expect((await fetch(`${srv.base}/api/models?for=51`)).status).toBe(400);
  });

  it('ranks all 558 cells with 1,000 draws of rank uncertainty', async () => {
    const body = await get('/rankings?level=cell&index=market-demand&draws=1000');
    expect(body.rows).toHaveLength(558);
    expect(body.uncertainty.draws).toBe(1000);
    for (const r of body.rows.slice(0, 20)) {
      expect(r.rank_p05).toBeLessThanOrEqual(r.median_rank);
      expect(r.median_rank).toBeLessThanOrEqual(r.rank_p95);
    }
  });

  it('models.sql over the materialised facts finds the models the record tables give directly, for any criteria', async () => {
    const direct = fs.readFileSync(new URL('../test-support/models-direct.sql', import.meta.url), 'utf8');
    const store = new FactStore(db);
    await db.withConnection(async (con) => {
      const tables = await store.tables(con);
      expect(tables).not.toBeNull();
      const {
        current: { to },
      } = await resolveWindows(con, EMPTY_FILTERS);
      const base = { to, min_months: 12, min_provinces: 3, min_paying_users: 3, sectors: [] as string[] };
      const cases = [
        base,
        { ...base, to: '2026-04-01' },
        { ...base, min_months: 6 },
        { ...base, min_provinces: 2 },
        { ...base, min_provinces: 1, min_paying_users: 0 },
        { ...base, min_months: 6, min_provinces: 1, min_paying_users: 5, to: '2025-12-01' },
        { ...base, min_provinces: 1, sectors: ['DEX04', 'DEX05', 'DEX08'] },
        // trailing windows over two and three 64-month blocks of the user masks
        { ...base, min_months: 70, min_provinces: 1, min_paying_users: 1 },
        { ...base, min_months: 120, min_provinces: 1, min_paying_users: 1, to: '2025-06-01' },
      ];
      let found = 0;
      for (const p of cases) {
        const expected = await queryRows(con, direct, p);
        found += expected.length;
        // trends to 10 decimals: regr_slope adds its doubles in the order the months arrive, which differs
        expect(await queryRows(con, factSql('indicators/models', tables), p), JSON.stringify(p)).toEqual(
          approximately(expected),
        );
      }
      expect(found).toBeGreaterThan(100);
    });
    await store.clear();
  });

  it('statements run side by side on their own connections give the answers they give one after another', async () => {
    const F = EMPTY_FILTERS;
    const store = new InputStore(db, 8, undefined, false);
    const fork: Fork = (fn) => db.withConnection(fn);
    const views = (inputs: InputSource | undefined, f: Fork | undefined) =>
      db.withConnection(async (con) => [
        await computeRanking(con, methodology('market-demand'), {
          level: 'cell',
          filters: F,
          draws: 300,
          topK: 5,
          normalization: null,
          inputs,
          fork: f,
        }),
        await computeCandidates(con, {
          filters: F,
          limit: 10,
          perCell: 5,
          threshold: 1,
          standardize: 'sector',
          abundanceIndex: 'data-abundance',
          demandIndex: 'market-demand',
          inputs,
          fork: f,
        }),
        // the models from the materialised facts beside the inputs, or from facts derived inside the statement
        await computeModels(con, {
          filters: F,
          minMonths: 12,
          minProvinces: 3,
          minPayingUsers: 3,
          targets: 5,
          abundanceIndex: 'data-abundance',
          inputs,
          fork: f,
          facts: inputs && ((c) => store.facts.tables(c)),
        }),
      ]);
    const [together, alone] = [await views(store.source, fork), await views(undefined, undefined)];
    expect((together[1] as { candidates: unknown[] }).candidates).toHaveLength(10);
    // to 12 significant digits: DuckDB's parallel aggregates may add doubles in another order from run to run
    const text = (x: unknown) => JSON.stringify(x, (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v));
    expect(text(together)).toBe(text(alone));
    await store.clear();
    await store.facts.clear();
  });
});

/** `rows` with every fractional number matched to 10 decimals (NaN stays NaN, which toEqual matches). */
function approximately(rows: unknown): unknown {
  if (typeof rows === 'number') return Number.isInteger(rows) || Number.isNaN(rows) ? rows : expect.closeTo(rows, 10);
  if (Array.isArray(rows)) return rows.map(approximately);
  if (rows && typeof rows === 'object')
    return Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, approximately(v)]));
  return rows;
}
