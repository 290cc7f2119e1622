import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { queryRows } from '../db/query.ts';
import { startTestServer, type TestServer } from '../test-support/server.ts';
import { COLUMN_DOCS, TABLE_DOCS } from './schema-docs.ts';
import { exampleQueries } from './saved.ts';
import { loadWorkbenchData } from './test-data.ts';

describe('/api/sql, /api/schema and saved queries over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await loadWorkbenchData(server.db, 4_000);
  });
  afterAll(() => server.close());

  const json = (method: string, url: string, body?: unknown) =>
    fetch(`${server.base}${url}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('answers Arrow IPC by default with the facts in headers and schema metadata', async () => {
    const res = await json('POST', '/api/sql', {
      sql: 'SELECT region_code, pop_2020 FROM ref_region ORDER BY region_code',
      limit: 10,
      query_id: 'arrow-1',
    });
    expect(res.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    expect(res.headers.get('x-atlas-query-id')).toBe('arrow-1');
    expect(res.headers.get('x-atlas-truncated')).toBe('true');
    const t = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
    expect(t.numRows).toBe(10);
    expect(t.schema.metadata.get('truncated')).toBe('true');
    expect(t.get(0)!.toJSON()).toEqual({ region_code: '000000', pop_2020: null });
  });

  it('answers JSON and CSV on request', async () => {
    const j = await json('POST', '/api/sql?format=json', { sql: `SELECT 1 AS a, 'x,y' AS b` });
    expect(await j.json()).toMatchObject({
      columns: [{ name: 'a' }, { name: 'b' }],
      rows: [{ a: 1, b: 'x,y' }],
      truncated: false,
      statement_type: 'SELECT',
    });
    const c = await json('POST', '/api/sql?format=csv', { sql: `SELECT 1 AS a, 'x,y' AS b` });
    expect(await c.text()).toBe('a,b\r\n1,"x,y"\r\n');
  });

  it('streams a large answer batch by batch in every format, with the same rows and facts', async () => {
    const sql = 'SELECT range AS n, md5(range::VARCHAR) AS h FROM range(200000) ORDER BY n';
    const ask = (format: string) => json('POST', `/api/sql?format=${format}`, { sql, limit: 150_000 });
    for (const format of ['arrow', 'json', 'csv']) {
      const res = await ask(format);
      expect(res.status).toBe(200);
      // sent as it comes from the worker: no length known in advance, the facts in headers all the same
      expect(res.headers.get('content-length')).toBeNull();
      expect(res.headers.get('transfer-encoding')).toBe('chunked');
      expect(res.headers.get('x-atlas-rows')).toBe('150000');
      expect(res.headers.get('x-atlas-truncated')).toBe('true');
      const body = new Uint8Array(await res.arrayBuffer());
      if (format === 'arrow') {
        const t = tableFromIPC(body);
        expect(t.numRows).toBe(150_000);
        expect(t.schema.metadata.get('truncated')).toBe('true');
        expect(t.get(149_999)!.toJSON()).toMatchObject({ n: 149_999n });
      } else if (format === 'json') {
        const j = JSON.parse(new TextDecoder().decode(body)) as {
          rows: { n: number; h: string }[];
          truncated: boolean;
        };
        expect(j).toMatchObject({ columns: [{ name: 'n' }, { name: 'h' }], truncated: true, limit: 150_000 });
        expect(j.rows).toHaveLength(150_000);
        expect(j.rows[149_999].n).toBe(149_999);
        expect(j.rows[149_999].h).toMatch(/^[0-9a-f]{32}$/);
      } else {
        const lines = new TextDecoder().decode(body).split('\r\n');
        expect(lines[0]).toBe('n,h');
        expect(lines).toHaveLength(150_002); // header, rows, and the empty piece after the last CRLF
        expect(lines[150_000]).toMatch(/^149999,[0-9a-f]{32}$/);
      }
    }
    // an empty answer is still whole JSON with its columns
    const empty = await json('POST', '/api/sql?format=json', { sql: 'SELECT 1 AS a WHERE false' });
    expect(await empty.json()).toMatchObject({ columns: [{ name: 'a' }], rows: [], truncated: false });
  });

  it('stops the statement and frees its slot when the client goes away mid-answer', async () => {
    const ac = new AbortController();
    const res = await fetch(`${server.base}/api/sql?format=json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sql: "SELECT range, repeat('x', 200) FROM range(400000)", limit: 400_000 }),
      signal: ac.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    ac.abort();
    const status = async () => (await (await json('GET', '/api/sql/status')).json()) as { running: number };
    for (let i = 0; i < 100 && (await status()).running > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await status()).running).toBe(0);
  });

  it('returns errors with DuckDB message and position, and explains a bad body', async () => {
    const res = await json('POST', '/api/sql', { sql: 'SELECT calls,\n  nope\nFROM usage' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: {
        code: 'sql_error',
        message: expect.stringMatching(/nope/),
        details: { error_type: 'Binder Error', line: 2, column: 3 },
      },
    });
    const empty = await json('POST', '/api/sql', { limit: 3 });
    expect(((await empty.json()) as { error: { code: string } }).error.code).toBe('invalid_sql');
  });

  it('cancels a running query by id over HTTP', async () => {
    const running = json('POST', '/api/sql?format=json', {
      sql: 'SELECT count(*) FROM range(1000000000000) a, range(1000) b',
      query_id: 'to-cancel',
    });
    await new Promise((r) => setTimeout(r, 300));
    const c = await json('POST', '/api/sql/cancel', { query_id: 'to-cancel' });
    expect(await c.json()).toEqual({ query_id: 'to-cancel', cancelled: true, state: 'running' });
    const res = await running;
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('query_cancelled');
    const again = await json('POST', '/api/sql/cancel', { query_id: 'to-cancel' });
    expect(await again.json()).toMatchObject({ cancelled: false, state: null });
  });

  it('answers 503 sql_busy with Retry-After at once when one user fills their part of the queue', async () => {
    const endless = 'SELECT count(*) FROM range(1000000000000) a, range(1000) b';
    const ids = Array.from({ length: 6 }, (_, i) => `flood-${i}`);
    const pending = ids.map((query_id) => json('POST', '/api/sql?format=json', { sql: endless, query_id }));
    await new Promise((r) => setTimeout(r, 500));
    const t0 = performance.now();
    const refused = await json('POST', '/api/sql?format=json', { sql: 'SELECT 1', query_id: 'flood-late' });
    expect(performance.now() - t0).toBeLessThan(2_000); // no waiting: only this machine's load
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('2');
    const { error } = (await refused.json()) as { error: { code: string; message_zh: string } };
    expect(error.code).toBe('sql_busy');
    expect(error.message_zh).toMatch(/排队/);
    for (const query_id of ids) await json('POST', '/api/sql/cancel', { query_id });
    for (const res of await Promise.all(pending)) expect(res.status).toBe(409);
  });

  it('describes tables with kinds, row counts, typed columns and bilingual descriptions', async () => {
    const schema = (await (await fetch(`${server.base}/api/schema`)).json()) as {
      tables: {
        name: string;
        kind: string;
        rows: number | null;
        description: { zh: string } | null;
        columns: { name: string; type: string; description: unknown }[];
      }[];
    };
    const usage = schema.tables.find((t) => t.name === 'usage')!;
    expect(usage).toMatchObject({ kind: 'table', rows: 4_000, description: { zh: expect.stringContaining('使用量') } });
    expect(usage.columns.find((c) => c.name === 'amount_cny')).toMatchObject({
      type: 'DECIMAL(18,2)',
      description: { en: expect.stringContaining('CNY') },
    });
    expect(schema.tables.find((t) => t.name === 'ref_region')!.rows).toBe(33);
    const functions = (schema as unknown as { functions: { name: string; kind: string; example: string | null }[] })
      .functions;
    expect(functions.find((f) => f.name === 'quantile_cont')).toMatchObject({
      kind: 'aggregate',
      example: expect.stringContaining('quantile_cont('),
    });
    expect(functions.some((f) => f.name === 'read_csv' || f.name === 'glob')).toBe(false);
  });

  it('documents only tables and columns that exist', async () => {
    const cols = await server.db.withConnection((con) =>
      queryRows<{ t: string; c: string }>(
        con,
        `SELECT table_name AS t, column_name AS c FROM duckdb_columns() WHERE schema_name = 'main'`,
      ),
    );
    const tables = new Set(cols.map((r) => r.t));
    for (const t of Object.keys(TABLE_DOCS)) expect(tables, t).toContain(t);
    const names = new Set(cols.flatMap((r) => [r.c, `${r.t}.${r.c}`]));
    for (const c of Object.keys(COLUMN_DOCS)) expect(names, c).toContain(c);
  });

  it('ships bilingual example queries that run and answer with rows', async () => {
    const examples = exampleQueries();
    expect(examples.length).toBeGreaterThanOrEqual(6);
    for (const ex of examples) {
      expect(ex.title.zh).toMatch(/[\u4e00-\u9fff]/);
      // as the workbench sends them: parameters, where an example has them, left empty (NULL: no limit)
      const res = await json('POST', '/api/sql?format=json', { sql: ex.sql, params: {} });
      const body = (await res.json()) as { rows?: unknown[]; error?: unknown };
      expect(body.error, `${ex.id}: ${JSON.stringify(body.error)}`).toBeUndefined();
      expect(body.rows!.length, ex.id).toBeGreaterThan(0);
    }
    // the example with parameters narrows to a province and a first month, and splits paid from free by is_free
    const purposes = examples.find((e) => e.id === 'example:free_and_paid_usage_by_purpose')!;
    const all = await json('POST', '/api/sql?format=json', { sql: purposes.sql, params: {} });
    const some = await json('POST', '/api/sql?format=json', {
      sql: purposes.sql,
      params: { region: '330000', from: '2025-06-01' },
    });
    type Row = { use_purpose: string; is_free: boolean; calls: number; paid_amount_cny: number };
    const [a, b] = [((await all.json()) as { rows: Row[] }).rows, ((await some.json()) as { rows: Row[] }).rows];
    const calls = (rows: Row[]) => rows.reduce((n, r) => n + Number(r.calls), 0);
    expect(calls(b)).toBeGreaterThan(0);
    expect(calls(b)).toBeLessThan(calls(a));
    for (const r of a) if (r.is_free) expect(Number(r.paid_amount_cny), r.use_purpose).toBe(0);
    for (const r of a)
      expect(r.is_free, r.use_purpose).toBe(['PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE'].includes(r.use_purpose));
    expect(new Set(a.map((r) => r.is_free))).toEqual(new Set([true, false]));
  });

  it("keeps the user's saved queries in the database: create, list, update, refuse a taken title, delete", async () => {
    const created = await json('POST', '/api/sql/saved', {
      title: '  各省调用量 ',
      description: 'calls',
      sql: 'SELECT 1',
    });
    expect(created.status).toBe(201);
    const a = (await created.json()) as { id: number; title: string };
    expect(a).toMatchObject({ title: '各省调用量', sql: 'SELECT 1' });
    const b = (await (
      await json('POST', '/api/sql/saved', { title: 'Second', sql: "SELECT 'it''s'; -- kept as text" })
    ).json()) as { id: number };
    expect(b.id).toBe(a.id + 1);
    const dup = await json('POST', '/api/sql/saved', { title: 'second', sql: 'SELECT 2' });
    expect(dup.status).toBe(409);
    const upd = await json('PUT', `/api/sql/saved/${b.id}`, { title: 'Second, renamed', sql: 'SELECT 3' });
    expect(await upd.json()).toMatchObject({ id: b.id, title: 'Second, renamed', sql: 'SELECT 3', description: null });
    const list = (await (await fetch(`${server.base}/api/sql/saved`)).json()) as {
      examples: unknown[];
      saved: { id: number }[];
    };
    expect(list.saved.map((s) => s.id)).toEqual([b.id, a.id]);
    expect(list.examples.length).toBeGreaterThanOrEqual(6);
    expect((await json('DELETE', `/api/sql/saved/${a.id}`)).status).toBe(204);
    expect((await json('DELETE', `/api/sql/saved/${a.id}`)).status).toBe(404);
    const bad = await json('POST', '/api/sql/saved', { title: '', sql: 'SELECT 1' });
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_saved_query', details: { field: 'title' } } });
  });
});
