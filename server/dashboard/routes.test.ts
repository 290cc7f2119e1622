import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { AtlasDb } from '../db/database.ts';
import { checkAnswer } from '../test-support/contract.ts';
import { startTestServer, type TestServer } from '../test-support/server.ts';
import { insertFixture } from './fixtures.ts';

let server: TestServer;
let db: AtlasDb;

beforeAll(async () => {
  db = await AtlasDb.open({ path: ':memory:' });
  await insertFixture(db);
  server = await startTestServer({ db });
});
afterAll(async () => {
  await server.close();
  db.close();
});

// every answer is parsed with the contract's schema for it (checkAnswer) before the test reads it
const json = async (path: string) => {
  const res = await fetch(server.base + path);
  return { status: res.status, body: checkAnswer('GET', path, res.status, (await res.json()) as any) };
};

describe('GET /api/reference', () => {
  it('returns regions, sectors and enumeration labels in both languages and the data period', async () => {
    const { body } = await json('/api/reference');
    expect(body.regions).toHaveLength(33);
    expect(body.regions[0]).toMatchObject({
      region_code: '110000',
      name_zh: '北京市',
      name_en: 'Beijing Municipality',
    });
    expect(body.sectors.find((s: any) => s.sector_code === 'DEX01').name_en).toBe('Industrial manufacturing');
    expect(body.enums.user_type.find((e: any) => e.code === 'BANK')).toEqual({
      code: 'BANK',
      label_zh: '银行',
      label_en: 'Bank',
    });
    expect(body.period).toEqual({
      first: '2024-01',
      last: '2024-04',
      default_months: 12,
      last_complete: '2024-04',
      partial: [],
      last_import: null,
    });
  });
});

describe('GET /api/dashboard/overview', () => {
  it('computes the headline figures over all data (less than the 12 months an open period covers)', async () => {
    const { body } = await json('/api/dashboard/overview');
    expect(body.period).toEqual({ from: '2024-01', to: '2024-04', months: 4 });
    expect(body.previous).toMatchObject({ from: '2023-09', to: '2023-12', has_data: false });
    const v = Object.fromEntries(Object.entries(body.kpis).map(([k, x]: [string, any]) => [k, x.value]));
    // 3 INITIAL resource registrations (the product registration and the CHANGE event do not count);
    // AU3 is still selecting an operator; paid amount leaves the free governance call out.
    expect(v).toEqual({
      registrations: 3,
      authorizations: 2,
      products: 2,
      calls: 1550,
      amount: 15000,
      paid_amount: 15000,
      records: 0,
      users: 3,
    });
    expect(body.kpis.calls.change).toBeNull();
  });

  it('compares with the previous period of the same length', async () => {
    const { body } = await json('/api/dashboard/overview?from=2024-03&to=2024-04');
    expect(body.previous).toEqual({ from: '2024-01', to: '2024-02', months: 2, has_data: true, months_with_data: 2 });
    expect(body.kpis.calls).toEqual({ value: 1200, previous: 350, change: (1200 - 350) / 350 });
    expect(body.kpis.users).toEqual({ value: 2, previous: 2, change: 0 });
    expect(body.kpis.registrations).toEqual({ value: 2, previous: 1, change: 1 });
  });

  it('does not compare with a previous period the data covers only in part', async () => {
    // previous of Feb–Apr 2024 is Nov 2023 – Jan 2024, and the data start in Jan 2024
    const { body } = await json('/api/dashboard/overview?from=2024-02&to=2024-04');
    expect(body.previous).toEqual({ from: '2023-11', to: '2024-01', months: 3, has_data: false, months_with_data: 1 });
    expect(body.kpis.calls).toMatchObject({ previous: null, change: null });
  });

  it('honours every shared filter', async () => {
    expect((await json('/api/dashboard/overview?regions=330000')).body.kpis.calls.value).toBe(1200);
    expect((await json('/api/dashboard/overview?sectors=DEX01')).body.kpis.calls.value).toBe(350);
    expect((await json('/api/dashboard/overview?user_types=BANK')).body.kpis.calls.value).toBe(700);
    expect((await json('/api/dashboard/overview?purposes=PUBLIC_GOVERNANCE')).body.kpis.users.value).toBe(1);
    const bj = (await json('/api/dashboard/overview?regions=110000')).body;
    expect(bj.regions.map((r: any) => r.region_code)).toEqual(['110000']);
    expect(bj.sectors.map((r: any) => [r.sector_code, r.registrations]).sort()).toEqual([
      ['DEX01', 1],
      ['DEX05', 1],
    ]);
  });

  it('rejects a bad filter with a message naming the field and value', async () => {
    const { status, body } = await json('/api/dashboard/overview?from=2024-13');
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'invalid_filter', details: { field: 'from', value: '2024-13' } });
  });
});

describe('measures.sql', () => {
  const kpiValues = (body: any) =>
    Object.fromEntries(Object.entries(body.kpis).map(([k, x]: [string, any]) => [k, x.value]));
  const kpiPrevious = (body: any) =>
    Object.fromEntries(Object.entries(body.kpis).map(([k, x]: [string, any]) => [k, x.previous]));

  it('gives the previous period the totals an overview of that period itself has, under every filter', async () => {
    for (const extra of [
      '',
      '&regions=330000',
      '&sectors=DEX01',
      '&user_types=BANK',
      '&purposes=PUBLIC_GOVERNANCE',
      '&regions=110000&sectors=DEX05',
    ]) {
      const cur = (await json(`/api/dashboard/overview?from=2024-03&to=2024-04${extra}`)).body;
      const prev = (await json(`/api/dashboard/overview?from=2024-01&to=2024-02${extra}`)).body;
      expect(cur.previous.has_data, extra).toBe(true);
      expect(kpiPrevious(cur), extra).toEqual(kpiValues(prev));
    }
  });

  it('counts an authorization whose term overlaps both periods in both', async () => {
    const cur = (await json('/api/dashboard/overview?from=2024-03&to=2024-04')).body;
    // AU1 runs 2023–2025 (both periods), AU2 starts 2024-03 (current only), AU3 is still selecting (neither).
    expect(cur.kpis.authorizations).toMatchObject({ value: 2, previous: 1 });
  });

  it('adds the months of the trend up to the totals of the additive measures', async () => {
    for (const extra of ['', '&regions=330000', '&user_types=BANK']) {
      const totals = kpiValues((await json(`/api/dashboard/overview?from=2024-01&to=2024-04${extra}`)).body);
      const trend = (await json(`/api/dashboard/trend?format=json&from=2024-01&to=2024-04${extra}`)).body.rows;
      for (const m of ['calls', 'amount', 'paid_amount', 'records', 'registrations']) {
        expect(
          trend.reduce((s: number, r: any) => s + r[m], 0),
          `${m}${extra}`,
        ).toBe(totals[m]);
      }
    }
  });
});

describe('GET /api/dashboard/trend', () => {
  it('answers Arrow by default with one row per month', async () => {
    const res = await fetch(`${server.base}/api/dashboard/trend`);
    expect(res.headers.get('content-type')).toContain('application/vnd.apache.arrow.stream');
    const t = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
    expect(t.getChild('month')!.toArray()).toEqual(['2024-01', '2024-02', '2024-03', '2024-04']);
    expect(Array.from(t.getChild('calls')!.toArray())).toEqual([100, 250, 400, 800]);
    expect(Array.from(t.getChild('users')!.toArray())).toEqual([1, 2, 1, 1]);
    expect(Array.from(t.getChild('registrations')!.toArray())).toEqual([1, 0, 1, 1]);
  });
});

describe('GET /api/dashboard/regions and /cells', () => {
  it('ranks regions by a measure and scales per capita and per GDP with the reference denominators', async () => {
    const abs = (await json('/api/dashboard/regions?format=json&measure=calls')).body;
    expect(abs.rows).toEqual(
      expect.arrayContaining([
        { region_code: '330000', value: 1200, raw: 1200, rank: 1 },
        { region_code: '110000', value: 350, raw: 350, rank: 2 },
      ]),
    );
    const pc = (await json('/api/dashboard/regions?format=json&measure=calls&basis=per_capita')).body;
    const bj = pc.rows.find((r: any) => r.region_code === '110000');
    expect(bj.value).toBeCloseTo((350 / 21893095) * 10_000, 10);
    const gdp = (await json('/api/dashboard/regions?format=json&measure=calls&basis=per_gdp')).body;
    expect(gdp.rows.find((r: any) => r.region_code === '110000').value).toBeCloseTo(350 / 43760.7, 10);
  });

  it('gives sector × region cells, and CSV on request', async () => {
    const cells = (await json('/api/dashboard/cells?format=json&measure=users')).body.rows;
    expect(cells).toEqual(
      expect.arrayContaining([
        { sector_code: 'DEX01', region_code: '110000', value: 2, raw: 2 },
        { sector_code: 'DEX05', region_code: '330000', value: 2, raw: 2 },
      ]),
    );
    const csv = await (await fetch(`${server.base}/api/dashboard/cells?format=csv&measure=calls`)).text();
    expect(csv.split('\r\n')[0]).toBe('sector_code,region_code,value,raw');
  });

  it('refuses a measure or basis outside the list', async () => {
    const { status, body } = await json('/api/dashboard/regions?basis=per_area');
    expect(status).toBe(400);
    expect(body.error.message).toContain('basis must be one of absolute, per_capita, per_gdp');
  });
});

describe('one denominator', () => {
  it('ranks provinces only: the national level and XPCC keep their value but have no rank', async () => {
    const own = await AtlasDb.open({ path: ':memory:' });
    await insertFixture(own);
    // the national level registers more than any province, XPCC as much as Beijing
    await own.withConnection((con) =>
      con.run(`INSERT INTO registration (reg_event_id, asset_uid, object_type, reg_type, region_code, sector_code,
                 data_name, status, registered_at, source, batch_id)
               SELECT 'N' || i, 'NA' || i, 'PUBLIC_DATA_RESOURCE', 'INITIAL', CASE WHEN i < 9 THEN '000000' ELSE '660000' END,
                      'DEX01', 'n', 'REGISTERED', DATE '2024-02-01', 'fixture', 1
               FROM range(11) t(i)`),
    );
    const srv = await startTestServer({ db: own });
    try {
      const res = await fetch(`${srv.base}/api/dashboard/regions?format=json&measure=registrations`);
      const body = await res.json();
      const rankOf = (code: string) => body.rows.find((r: any) => r.region_code === code);
      expect(rankOf('000000')).toMatchObject({ value: 9, rank: null });
      expect(rankOf('660000')).toMatchObject({ value: 2, rank: null });
      expect(rankOf('110000')).toMatchObject({ rank: 1 });
      expect(body.ranked).toBe(2); // the provinces with registrations: Beijing and Zhejiang
    } finally {
      await srv.close();
      own.close();
    }
  });
});
