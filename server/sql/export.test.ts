import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { quoteString } from '../db/sql-text.ts';
import { startTestServer, tempDir, type TestServer } from '../test-support/server.ts';
import { textReader } from './exact-values.ts';
import { loadWorkbenchData } from './test-data.ts';

describe('full-result export over HTTP', () => {
  let server: TestServer;
  const tmp = tempDir('atlas-export-test-');
  beforeAll(async () => {
    server = await startTestServer();
    await loadWorkbenchData(server.db, 3_000);
  });
  afterAll(async () => {
    await server.close();
    tmp.cleanup();
  });

  const exportReq = (sql: string, format: string) =>
    fetch(`${server.base}/api/sql/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sql, format }),
    });

  // more rows than one 65,536-row batch, with NULLs, text needing quotes, a formula-looking value, dates and money
  const SQL = `SELECT i AS n, CASE WHEN i % 7 = 0 THEN NULL ELSE 'row "' || i || '", ok' END AS label,
    CASE WHEN i = 3 THEN '=1+1' ELSE '数据' END AS txt, DATE '2025-03-01' + (i % 30)::INTEGER AS day, (i / 100)::DECIMAL(18,2) AS money
    FROM range(150000) t(i) ORDER BY i`;

  it('streams CSV with every row, a BOM for spreadsheets, quoting and formula protection', async () => {
    const res = await exportReq(SQL, 'csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    // a table function is not a table: the file is named atlas-query and the time
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="?atlas-query_\d{4}-\d\d-\d\dT\d{4}\.csv"?/,
    );
    const text = await res.text();
    const lines = text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('n,label,txt,day,money');
    expect(lines).toHaveLength(150_001);
    expect(lines[1]).toBe('0,,数据,2025-03-01,0.00');
    expect(lines[2]).toBe('1,"row ""1"", ok",数据,2025-03-02,0.01');
    expect(lines[4]).toBe(`3,"row ""3"", ok",'=1+1,2025-03-04,0.03`);
    expect(lines[150_000].startsWith('149999,')).toBe(true);
  });

  it('streams Arrow IPC that decodes to the whole result', async () => {
    const res = await exportReq(SQL, 'arrow');
    expect(res.status).toBe(200);
    const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
    expect(table.numRows).toBe(150_000);
    expect(table.batches.length).toBeGreaterThan(1);
    expect(table.get(149_999)!.toJSON()).toMatchObject({ n: 149_999n });
    // DECIMAL(18,2) arrives as Decimal128 with every digit
    expect(String(table.getChild('money')!.type)).toBe('Decimal[18e+2]');
    const last = table.batches.at(-1)!;
    expect(textReader(last.schema.fields[4])(last.getChildAt(4)!.data[0], last.numRows - 1)).toBe('1499.99');
    expect(table.getChild('label')!.nullCount).toBe(Math.ceil(150_000 / 7));
  });

  it('writes Parquet that DuckDB reads back with the same rows, names and types', async () => {
    const res = await exportReq(
      `SELECT n, label, day, money, 'x' AS "odd ""name""; DROP TABLE usage; --" FROM (${SQL})`,
      'parquet',
    );
    expect(res.status).toBe(200);
    const file = path.join(tmp.dir, 'out.parquet');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    expect(res.headers.get('x-atlas-rows')).toBe('150000');
    const inst = await DuckDBInstance.create(':memory:');
    const con = await inst.connect();
    const rows = (
      await con.runAndReadAll(
        `SELECT count(*) AS c, sum(n) AS s, count(label) AS l, max(day) AS d FROM read_parquet(${quoteString(file)})`,
      )
    ).getRowObjectsJS();
    expect(rows[0]).toMatchObject({ c: 150_000n, s: 11_249_925_000n, l: 150_000n - 21_429n });
    const schema = (await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${quoteString(file)})`))
      .getRowObjectsJS()
      .map((r) => `${r.column_name}:${r.column_type}`);
    expect(schema).toEqual([
      'n:BIGINT',
      'label:VARCHAR',
      'day:DATE',
      'money:DECIMAL(18,2)',
      'odd "name"; DROP TABLE usage; --:VARCHAR',
    ]);
    con.closeSync();
    inst.closeSync();
    const usage = await fetch(`${server.base}/api/sql?format=json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sql: 'SELECT count(*) AS n FROM usage' }),
    });
    expect(((await usage.json()) as { rows: unknown[] }).rows).toEqual([{ n: 3000 }]);
  });

  it('writes nested columns to Parquet, and refuses bad formats, statements and attempts to leave the subquery as JSON errors', async () => {
    const nested = await exportReq(`SELECT [1, 2] AS l, {'a': 1} AS s`, 'parquet');
    expect(nested.status).toBe(200);
    const file = path.join(tmp.dir, 'nested.parquet');
    fs.writeFileSync(file, Buffer.from(await nested.arrayBuffer()));
    const inst = await DuckDBInstance.create(':memory:');
    const con = await inst.connect();
    expect(
      (await con.runAndReadAll(`SELECT l[2] AS x, s.a AS a FROM read_parquet(${quoteString(file)})`)).getRowObjectsJS(),
    ).toEqual([{ x: 2, a: 1 }]);
    con.closeSync();
    inst.closeSync();
    // text that would close the export's subquery and add COPY options or a second target is not one SELECT
    for (const sql of [
      `SELECT * FROM read_csv('/etc/passwd')`,
      `SELECT 1) TO '${tmp.dir}/evil.csv' (FORMAT csv); --`,
      `SELECT 1 AS x /*`,
      `SELECT 1 AS x\n) TO '${tmp.dir}/evil.csv'; SELECT (1`,
    ]) {
      const r = await exportReq(sql, 'csv');
      expect(r.status, sql).toBe(400);
      expect(((await r.json()) as { error: { code: string } }).error.code).toMatch(/sql_error|sql_refused/);
    }
    expect(fs.existsSync(path.join(tmp.dir, 'evil.csv'))).toBe(false);
    const explain = await exportReq('EXPLAIN SELECT 1', 'csv');
    expect(((await explain.json()) as { error: { message: string } }).error.message).toMatch(
      /cannot be exported as csv/,
    );
    const bad = await exportReq('SELECT 1', 'xlsx');
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_format');
    const write = await exportReq('DELETE FROM usage', 'csv');
    expect(write.status).toBe(400);
    expect(((await write.json()) as { error: { code: string } }).error.code).toBe('sql_refused');
  });

  it('accepts a plain form post, as the page sends it for a native download', async () => {
    const res = await fetch(`${server.base}/api/sql/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ sql: 'SELECT region_code FROM ref_region ORDER BY 1', format: 'csv' }),
    });
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(34);
  });

  it('names the file after the saved query it was given, else the first table, in the header', async () => {
    const named = await fetch(`${server.base}/api/sql/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sql: 'SELECT 1 AS x', format: 'parquet', name: '各省 usage by month' }),
    });
    await named.arrayBuffer();
    // non-ASCII names go in filename* (RFC 5987), which browsers prefer
    expect(named.headers.get('content-disposition')).toMatch(
      /filename\*=UTF-8''%E5%90%84%E7%9C%81-usage-by-month_\d{4}-\d\d-\d\dT\d{4}\.parquet/,
    );
    const res = await exportReq('SELECT * FROM ref_sector s JOIN ref_region r ON true LIMIT 1', 'arrow');
    await res.arrayBuffer();
    expect(res.headers.get('content-disposition')).toMatch(/filename="?ref_sector_\d{4}-\d\d-\d\dT\d{4}\.arrows"?$/);
  });
});
