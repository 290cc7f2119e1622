import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { AtlasDb } from '../db/database.ts';
import { checkAnswer } from '../test-support/contract.ts';
import { startTestServer, type TestServer } from '../test-support/server.ts';
import { INDICATORS } from './catalog.ts';
import { insertSmallFixture } from './test-records.ts';

// The indicator API over real HTTP on the small hand-made record set (test-records.ts).
let db: AtlasDb;
let srv: TestServer;
const P = 'from=2025-03&to=2026-02';

beforeAll(async () => {
  db = await AtlasDb.open({ path: ':memory:' });
  await db.withConnection((con) => insertSmallFixture(con));
  srv = await startTestServer({ db });
});
afterAll(async () => {
  await srv.close();
  db.close();
});

// every answer is parsed with the contract's schema for it (checkAnswer) before the test reads it
const get = async (path: string) => {
  const r = await fetch(`${srv.base}/api${path}`);
  return { status: r.status, body: checkAnswer('GET', `/api${path}`, r.status, (await r.json()) as any) };
};
const post = async (path: string, body: unknown) => {
  const r = await fetch(`${srv.base}/api${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: checkAnswer('POST', `/api${path}`, r.status, (await r.json()) as any) };
};

describe('GET /api/indicators and /api/methodologies', () => {
  it('lists every indicator with bilingual name, unit, definition and the source query', async () => {
    const { status, body } = await get('/indicators');
    expect(status).toBe(200);
    expect(body.source).toBe('queries/indicators/inputs.sql');
    expect(body.indicators).toHaveLength(INDICATORS.length);
    for (const i of body.indicators) {
      expect(i.name.zh && i.name.en && i.unit.zh && i.unit.en && i.definition.zh && i.definition.en).toBeTruthy();
    }
  });
  it('serves the indicator values as a table (Arrow by default, JSON on request)', async () => {
    const r = await fetch(`${srv.base}/api/indicators/values?level=region&${P}`);
    expect(r.headers.get('content-type')).toContain('application/vnd.apache.arrow.stream');
    const t = tableFromIPC(new Uint8Array(await r.arrayBuffer()));
    expect(t.numRows).toBe(31);
    const { body } = await get(`/indicators/values?level=sector&${P}&format=json`);
    expect(body.rows.find((x: any) => x.entity === 'DEX05')).toMatchObject({ calls: 650, distinct_users: 2 });
  });
  it('lists the shipped methodologies and serves each spec', async () => {
    const { body } = await get('/methodologies');
    expect(body.methodologies.map((m: any) => m.id).sort()).toEqual([
      'breakthrough-opportunity',
      'data-abundance',
      'market-demand',
      'readiness',
    ]);
    const spec = await get('/methodologies/market-demand');
    expect(spec.body).toMatchObject({ id: 'market-demand', entity: 'entity', tree: { id: 'mdi' } });
    expect((await get('/methodologies/nope')).status).toBe(404);
  });
});

describe('POST /api/composite', () => {
  const spec = { id: 'calls-only', entity: 'entity', tree: { id: 'c', column: 'calls' } };
  it("scores a spec against the product's own indicators (level + period)", async () => {
    const { status, body } = await post(`/composite?level=region&${P}&format=json`, { spec });
    expect(status).toBe(200);
    const rows = body.rows;
    expect(rows[0]).toMatchObject({ entity: '330000', score: 1, rank: 1 });
    expect(rows[1]).toMatchObject({ entity: '110000', rank: 2 });
    expect(rows[2].rank).toBe(3); // the 29 other provinces, with no calls, tie at 3
    expect(rows.filter((x: any) => x.rank === 3)).toHaveLength(29);
  });
  it('answers CSV', async () => {
    const r = await fetch(`${srv.base}/api/composite?level=region&${P}&format=csv`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(spec),
    });
    expect((await r.text()).split('\r\n')[0]).toBe('entity,score,rank,c');
  });
  it('rejects an invalid spec with every issue and its JSON path', async () => {
    const { status, body } = await post(`/composite?level=region`, {
      spec: {
        id: 'x',
        entity: 'entity',
        tree: {
          id: 'r',
          aggregate: 'geometric',
          children: [{ id: 'z', column: 'callz', normalize: { method: 'zscore' } }],
        },
      },
    });
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_spec');
    const paths = body.error.details.issues.map((i: any) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['tree.children[0].column', 'tree.children[0]']));
    expect(body.error.message).toMatch(
      /column "callz" is not in the input; available columns: entity, region_code, sector_code, registered_resources/,
    );
  });
});

describe('GET /api/rankings', () => {
  it('ranks with node scores, contributions, previous period and rank uncertainty', async () => {
    const { status, body } = await get(`/rankings?index=market-demand&level=region&${P}&draws=300&k=2`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      level: 'region',
      period: { from: '2025-03-01', to: '2026-02-01', months: 12 },
      previous_period: { from: '2024-03-01', to: '2025-02-01' },
    });
    expect(body.uncertainty).toMatchObject({ draws: 300, top_k: 2 });
    const top = body.rows[0];
    expect(top).toMatchObject({
      entity: '330000',
      rank: 1,
      name: { zh: '浙江省', en: 'Zhejiang' },
      median_rank: 1,
      p_top_k: 1,
      robust: true,
    });
    const sum = ['calls', 'paid', 'users', 'growth'].reduce((a, k) => a + (top.contributions[k] ?? 0), 0);
    expect(sum).toBeCloseTo(top.score, 9);
    // the previous window ends before the data start: no previous rank (every region would tie first at zero)
    expect(body.previous_period).toMatchObject({ months_with_data: 0 });
    expect(body.rows.every((r: any) => r.previous === null && r.rank_change === null && r.score_change === null)).toBe(
      true,
    );
    expect(body.nodes.map((n: any) => n.id)).toEqual(['mdi', 'calls', 'paid', 'users', 'growth']);
  });
  it('compares with a previous window that has data', async () => {
    const { body } = await get(`/rankings?index=market-demand&level=region&from=2025-10&to=2026-02&draws=50`);
    expect(body.previous_period).toEqual({
      from: '2025-05-01',
      to: '2025-09-01',
      months: 5,
      months_with_data: 5,
      comparison: 'compared',
      flows: ['calls', 'paid_amount_cny', 'distinct_users', 'demand_growth'],
    });
    const zj = body.rows.find((r: any) => r.entity === '330000');
    expect(zj.previous).toMatchObject({ rank: expect.any(Number), score: expect.any(Number) });
    expect(zj.rank_change).toBe(zj.previous.rank - zj.rank);
  });
  it('compares totals over a period only with a previous window the data cover whole; stocks also with a partly covered one', async () => {
    // the previous window 2025-01..2025-07 starts before the data do
    const supply = (await get(`/rankings?index=data-abundance&level=region&from=2025-08&to=2026-02&draws=50`)).body;
    expect(supply.previous_period).toMatchObject({
      from: '2025-01-01',
      to: '2025-07-01',
      months: 7,
      comparison: 'compared',
      flows: [],
    });
    expect(supply.previous_period.months_with_data).toBeGreaterThan(0);
    expect(supply.previous_period.months_with_data).toBeLessThan(7);
    expect(supply.rows.filter((r: any) => r.previous?.rank != null).length).toBeGreaterThan(0);

    // the same inputs (stored with the previous window by the request above) for an index that adds up calls
    const demand = (await get(`/rankings?index=market-demand&level=region&from=2025-08&to=2026-02&draws=50`)).body;
    expect(demand.previous_period).toMatchObject({
      months_with_data: supply.previous_period.months_with_data,
      comparison: 'partial_flows',
    });
    expect(
      demand.rows.every((r: any) => r.previous === null && r.rank_change === null && r.score_change === null),
    ).toBe(true);
    // scored on the current window alone: the same scores as the composite endpoint gives for that window
    const alone = (
      await post(`/composite?level=region&from=2025-08&to=2026-02&format=json`, {
        spec: (await get('/methodologies/market-demand')).body,
      })
    ).body;
    const score = new Map(alone.rows.map((r: any) => [r.entity, r.score]));
    for (const r of demand.rows) expect(r.score, r.entity).toBeCloseTo(score.get(r.entity) as number, 12);
  });
  it('answers the ranking alone with draws=0: the same ranks, scores and changes, no uncertainty', async () => {
    const q = `index=market-demand&level=region&from=2025-10&to=2026-02&weights=calls:2`;
    const full = (await get(`/rankings?${q}&draws=200`)).body;
    const alone = (await get(`/rankings?${q}&draws=0`)).body;
    expect(alone.uncertainty).toBeNull();
    const { uncertainty: _u, rows: fullRows, ...fullRest } = full;
    const { uncertainty: _a, rows: aloneRows, ...aloneRest } = alone;
    expect(aloneRest).toEqual(fullRest);
    const drawn = ['median_rank', 'rank_p05', 'rank_p95', 'p_top_k', 'robust'];
    expect(fullRows.some((r: any) => r.median_rank !== null)).toBe(true);
    expect(aloneRows).toEqual(fullRows.map((r: any) => ({ ...r, ...Object.fromEntries(drawn.map((k) => [k, null])) })));
  });
  it('applies weight overrides and the normalisation switch', async () => {
    const { body } = await get(`/rankings?index=market-demand&${P}&draws=50&weights=growth:0,calls:3&normalize=rank`);
    expect(body.normalization).toBe('rank');
    expect(body.nodes.find((n: any) => n.id === 'growth').weight).toBe(0);
  });
  it('refuses what the format forbids, with clear errors', async () => {
    const z = await get(`/rankings?index=breakthrough-opportunity&normalize=zscore&draws=10`);
    expect(z.status).toBe(400);
    expect(z.body.error.message).toMatch(/geometric group "opportunity"/);
    const w = await get(`/rankings?index=market-demand&weights=nope:1`);
    expect(w.status).toBe(400);
    expect(w.body.error.message).toMatch(/no node "nope" in methodology "market-demand"/);
    expect((await get(`/rankings?index=nope`)).status).toBe(404);
    expect((await get(`/rankings?level=province`)).body.error.message).toMatch(
      /level must be one of region, sector, cell/,
    );
    expect((await get(`/rankings?draws=20000`)).status).toBe(400);
  });
});

describe('quadrants, candidates, models, peers', () => {
  it('classifies every region × sector cell', async () => {
    const { body } = await get(`/quadrants?${P}&format=json`);
    expect(body.rows).toHaveLength(558);
    // standardised within each sector: only finance (DEX05) varies in this fixture; the other sectors cannot be classified
    for (const r of body.rows)
      expect(r.sector_code === 'DEX05' ? ['breakthrough', 'supply_gap', 'untapped', 'latent'] : [null]).toContain(
        r.quadrant,
      );
    const zj = body.rows.find((r: any) => r.entity === '330000:DEX05');
    expect(zj.z_demand).toBeGreaterThan(0);
    expect(zj.z_abundance).toBeGreaterThan(0);
  });
  it('lists candidates with reasons, evidence and unlockable supply', async () => {
    const { body } = await get(`/candidates?${P}`);
    const c = body.candidates.find((x: any) => x.entity === '330000:DEX05');
    expect(c).toBeDefined();
    expect(c.reasons[0]).toHaveProperty('contribution');
    expect(c.evidence.top_resources.map((r: any) => r.asset_uid)).toEqual(['A1', 'A2']);
    expect(c.evidence.top_resources[0]).toMatchObject({ record_count: 3000, unlockable: true });
    expect(c.evidence.top_holders.map((h: any) => h.holder_id).sort()).toEqual(['H1', 'H2']);
    expect(c.evidence.authorizations.map((a: any) => a.auth_id)).toEqual(['AU1']);
    expect(c.evidence.demand).toMatchObject({ calls: 450, distinct_users: 2, demand_growth: 2.5 });
    expect(c.unlockable_supply).toMatchObject({ unlockable_resources: 1, unlockable_share: null }); // 2 resources: below the share base
  });
  it('keeps at most per_sector cells of one sector in the list, with their national ranks', async () => {
    const all = (await get(`/candidates?${P}&limit=558`)).body.candidates as { entity: string; rank: number }[];
    const sectorOf = (c: { entity: string }) => c.entity.split(':')[1];
    // the fixture has a sector with several candidates, or this test would show nothing
    expect(new Set(all.map(sectorOf)).size).toBeLessThan(all.length);
    const { status, body } = await get(`/candidates?${P}&limit=558&per_sector=1`);
    expect(status).toBe(200);
    const diverse = body.candidates as { entity: string; rank: number }[];
    const firsts = all.filter((c, i) => all.findIndex((d) => sectorOf(d) === sectorOf(c)) === i);
    expect(diverse.map((c) => [c.entity, c.rank])).toEqual(firsts.map((c) => [c.entity, c.rank]));
    expect((await get(`/candidates?${P}&per_sector=0`)).status).toBe(400);
  });
  it('finds no replicable model in data without one', async () => {
    const { status, body } = await get(`/models?${P}`);
    expect(status).toBe(200);
    expect(body.models).toEqual([]);
  });
  it('ranks, classifies and compares nothing in a window no record falls in, and says so', async () => {
    for (const window of ['from=2024-01&to=2024-06', 'from=2026-06&to=2026-12']) {
      const region = await get(`/rankings?${window}`);
      expect(region.body.period.months_with_data).toBe(0);
      expect(region.body.rows).toEqual([]);
      // a previous window that the data cover (before a window after their end) is no comparison either
      expect(region.body.previous_period.comparison).toBe('no_data');
      expect((await get(`/rankings?level=cell&index=market-demand&${window}`)).body.rows).toEqual([]);
      expect((await get(`/candidates?${window}`)).body).toMatchObject({
        period: { months_with_data: 0 },
        candidates: [],
      });
      expect((await get(`/regions/330000/peers?${window}`)).body).toMatchObject({
        period: { months_with_data: 0 },
        peers: [],
      });
      expect((await get(`/quadrants?${window}&format=json`)).body).toMatchObject({ months_with_data: 0, rows: [] });
      expect((await get(`/indicators/values?${window}&format=json`)).body).toMatchObject({
        months_with_data: 0,
        rows: [],
      });
    }
    // one covered month is enough to rank on
    const partly = await get('/rankings?from=2026-04&to=2026-09');
    expect(partly.body.period.months_with_data).toBe(1);
    expect(partly.body.rows).toHaveLength(31);
  });
  it('lists peers with per-indicator contributions', async () => {
    const { body } = await get(`/regions/330000/peers?${P}&k=3&indicators=calls,registered_resources`);
    expect(body.peers).toHaveLength(3);
    expect(body.peers[0].region_code).toBe('110000');
    const shares = body.peers[0].contributions.map((c: any) => c.share);
    expect(shares.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 9);
    expect((await get('/regions/999999/peers')).status).toBe(404);
    expect((await get('/regions/abc/peers')).status).toBe(400);
    expect((await get('/regions/330000/peers?indicators=nope')).status).toBe(400);
  });
});
