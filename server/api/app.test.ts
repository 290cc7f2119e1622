import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import express from 'express';
import { startTestServer, type TestServer } from '../test-support/server.ts';
import { ARROW_MIME, sendTable, tableShape, type TableResult } from './respond.ts';
import { queryArrow, queryRowsTable } from '../db/query.ts';

describe('API core over real HTTP', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET /api/health answers ok with the version', async () => {
    const res = await fetch(`${t.base}/api/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const body = await res.json();
    expect(body).toMatchObject({ ok: true, version: expect.any(String), database: ':memory:' });
  });

  it('GET /api/meta lists tables with exact row counts and the batches', async () => {
    const body = await (await fetch(`${t.base}/api/meta`)).json();
    const byName = Object.fromEntries(body.tables.map((x: { table_name: string }) => [x.table_name, x]));
    for (const name of [
      'ref_region',
      'ref_sector',
      'org',
      'registration',
      'authorization',
      'authorization_resource',
      'product',
      'usage',
      'ingest_batch',
      'ingest_reject',
      'ingest_warning',
      'record_history',
      'rollup_usage_month',
    ]) {
      expect(byName[name], name).toBeDefined();
    }
    expect(byName.ref_region.row_count).toBe(33);
    expect(byName.usage.row_count).toBe(0);
    expect(body.batches).toEqual([]);
  });

  it('answers unknown API routes and bad JSON with the JSON error shape', async () => {
    const res = await fetch(`${t.base}/api/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: {
        code: 'not_found',
        message: 'no API route GET /api/nope',
        message_zh: '没有 API 路由 GET /api/nope',
      },
    });
    const bad = await fetch(`${t.base}/api/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{oops',
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('invalid_json');
  });
});

describe('sendTable negotiates Arrow, JSON and CSV', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    // A throwaway route on its own app, over the same database, to exercise the negotiation.
    const app = express();
    app.get('/t', async (req, res) => {
      const table = await t.db.withConnection<TableResult>((con) =>
        queryArrow(
          con,
          `SELECT region_code, name_zh_short, pop_2020, gdp_2023_100m_cny, DATE '2025-03-01' AS d, '=1+1' AS f FROM ref_region ORDER BY sort_order LIMIT 2`,
        ),
      );
      sendTable(req, res, table, { filename: 'regions', meta: { truncated: false } });
    });
    await new Promise<void>((r) => {
      const s = app.listen(0, '127.0.0.1', () => {
        (t as unknown as { extra: string }).extra = `http://127.0.0.1:${(s.address() as { port: number }).port}`;
        t.atlas.ctx.onClose(() => new Promise((done) => s.close(() => done())));
        r();
      });
    });
  });
  afterAll(async () => {
    await t.close();
  });
  const url = () => (t as unknown as { extra: string }).extra + '/t';

  it('defaults to an Arrow IPC stream with Float64 numbers', async () => {
    const res = await fetch(url());
    expect(res.headers.get('content-type')).toBe(ARROW_MIME);
    expect(res.headers.get('x-atlas-rows')).toBe('2');
    const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
    expect(table.numRows).toBe(2);
    expect(table.get(0)!.toJSON()).toMatchObject({
      region_code: '110000',
      name_zh_short: '北京',
      pop_2020: 21893095,
      gdp_2023_100m_cny: 43760.7,
    });
  });

  it('answers JSON rows with ISO dates on ?format=json or Accept', async () => {
    const variants: { q: string; h: Record<string, string> }[] = [
      { q: '?format=json', h: {} },
      { q: '', h: { accept: 'application/json' } },
    ];
    for (const init of variants) {
      const body = await (await fetch(url() + init.q, { headers: init.h })).json();
      expect(body.rows[1]).toEqual({
        region_code: '120000',
        name_zh_short: '天津',
        pop_2020: 13866009,
        gdp_2023_100m_cny: 16737.3,
        d: '2025-03-01',
        f: '=1+1',
      });
      expect(body.truncated).toBe(false);
      expect(body.columns.map((c: { name: string }) => c.name)).toEqual([
        'region_code',
        'name_zh_short',
        'pop_2020',
        'gdp_2023_100m_cny',
        'd',
        'f',
      ]);
    }
  });

  it('answers CSV with neutralised formulas on ?format=csv', async () => {
    const res = await fetch(url() + '?format=csv');
    expect(res.headers.get('content-disposition')).toContain('regions.csv');
    const text = await res.text();
    expect(text.split('\r\n')[0]).toBe('region_code,name_zh_short,pop_2020,gdp_2023_100m_cny,d,f');
    expect(text.split('\r\n')[1]).toBe("110000,北京,21893095,43760.7,2025-03-01,'=1+1");
  });
});

describe('one conversion: a table read as rows answers as the same table read as Arrow', () => {
  let t: TestServer;
  let base = '';
  const SQL = `SELECT region_code, pop_2020, gdp_2023_100m_cny, DATE '2025-03-01' AS d,
      TIMESTAMP '2025-03-01 12:34:56' AS ts, 12345678901::BIGINT AS big, 1.25::DECIMAL(9, 2) AS dec, sum(1) AS h,
      true AS b, NULL::INTEGER AS n, '=1+1' AS f
    FROM ref_region GROUP BY ALL ORDER BY region_code LIMIT 3`;
  beforeAll(async () => {
    t = await startTestServer();
    const app = express();
    // the Arrow path (an SQL worker result) and the rows path (what the dashboard reads for JSON and CSV)
    app.get('/arrow', async (req, res) => {
      sendTable(req, res, await t.db.withConnection((con) => queryArrow(con, SQL)));
    });
    app.get('/rows', async (req, res) => {
      const shape = tableShape(req);
      const table = await t.db.withConnection<TableResult>((con) =>
        shape === 'arrow' ? queryArrow(con, SQL) : queryRowsTable(con, SQL),
      );
      sendTable(req, res, table);
    });
    await new Promise<void>((r) => {
      const s = app.listen(0, '127.0.0.1', () => {
        base = `http://127.0.0.1:${(s.address() as { port: number }).port}`;
        t.atlas.ctx.onClose(() => new Promise((done) => s.close(() => done())));
        r();
      });
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(['json', 'csv'])('as %s', async (format) => {
    const [a, b] = await Promise.all(
      ['arrow', 'rows'].map(async (p) => (await fetch(`${base}/${p}?format=${format}`)).text()),
    );
    expect(b).toBe(a);
    if (format === 'json') {
      expect(JSON.parse(b).rows[0]).toMatchObject({
        d: '2025-03-01',
        ts: '2025-03-01T12:34:56.000Z',
        big: 12345678901,
        dec: 1.25,
        h: 1,
        n: null,
      });
    }
  });
});
