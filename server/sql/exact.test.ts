import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { tableFromIPC, type Table } from 'apache-arrow';
import { quoteString } from '../db/sql-text.ts';
import { startTestServer, tempDir, type TestServer } from '../test-support/server.ts';
import { EVERY_TYPE_COLUMNS, EVERY_TYPE_ROWS, EVERY_TYPE_SQL } from './every-type.ts';
import { textReader } from './exact-values.ts';

/** DuckDB's own text of every value of a query, row by row (null for NULL). */
async function duckdbText(con: DuckDBConnection, sql: string): Promise<(string | null)[][]> {
  const rows = (await con.runAndReadAll(`SELECT COLUMNS(*)::VARCHAR FROM (${sql})`)).getRows();
  return rows.map((r) => r.map((v) => (v === null ? null : String(v))));
}

/** RFC 4180 records (quoted cells, doubled quotes, CRLF), without the header. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let k = text.charCodeAt(0) === 0xfeff ? 1 : 0; k < text.length; k++) {
    const ch = text[k];
    if (quoted) {
      if (ch === '"' && text[k + 1] === '"') {
        cell += '"';
        k++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[k + 1] === '\n') {
      row.push(cell);
      records.push(row);
      row = [];
      cell = '';
      k++;
    } else cell += ch;
  }
  return records.slice(1);
}

/** Every cell of an exact Arrow table as DuckDB's text, through exact-values.ts. */
function arrowText(t: Table): (string | null)[][] {
  const out: (string | null)[][] = [];
  for (const batch of t.batches) {
    const readers = batch.schema.fields.map((f) => textReader(f));
    const cols = batch.schema.fields.map((_f, c) => batch.getChildAt(c)!.data[0]);
    for (let i = 0; i < batch.numRows; i++) out.push(readers.map((r, c) => r(cols[c], i)));
  }
  return out;
}

const NAMES = Object.keys(EVERY_TYPE_COLUMNS);
const col = (name: string) => NAMES.indexOf(name);

/** What a CSV cell of DuckDB's text is: empty for NULL, an apostrophe before text a spreadsheet would run. */
const csvOf = (name: string, v: string | null) =>
  v === null ? '' : name === 'txt' && /^[=+\-@]/.test(v) ? `'${v}` : v;

describe('exact values: every DuckDB type through Arrow, JSON, CSV and Parquet over HTTP', () => {
  let server: TestServer;
  let inst: DuckDBInstance;
  let con: DuckDBConnection;
  let want: (string | null)[][];
  const tmp = tempDir('atlas-exact-test-');

  beforeAll(async () => {
    server = await startTestServer();
    inst = await DuckDBInstance.create(':memory:');
    con = await inst.connect();
    await con.run(`SET TimeZone = 'UTC'`);
    want = await duckdbText(con, EVERY_TYPE_SQL);
  });
  afterAll(async () => {
    con.closeSync();
    inst.closeSync();
    await server.close();
    tmp.cleanup();
  });

  const send = (url: string, body: unknown) =>
    fetch(`${server.base}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  /**
   * Once more when the kept-alive socket was reset before any answer: checking 5,000 rows takes about as long as the
   * server keeps an idle socket (5 s), and a request sent as it closes it fails that way. These are reads.
   */
  const post = (url: string, body: unknown) =>
    send(url, body).catch((err: unknown) => {
      if ((err as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw err;
      return send(url, body);
    });

  it('answers Arrow with DuckDB types kept, every value equal to DuckDB text, across chunks', async () => {
    const res = await post('/api/sql', { sql: EVERY_TYPE_SQL, limit: 10_000 });
    expect(res.status).toBe(200);
    const t = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
    expect(t.numRows).toBe(EVERY_TYPE_ROWS);
    const types = Object.fromEntries(t.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toMatchObject({
      b: 'Bool',
      i64: 'Int64',
      u64: 'Uint64',
      i128: 'Decimal[38e0]',
      u128: 'Utf8',
      d4: 'Decimal[4e+1]',
      d38: 'Decimal[38e+10]',
      dt: 'Date32<DAY>',
      tm: 'Time64<MICROSECOND>',
      ts: 'Timestamp<MICROSECOND>',
      ts_s: 'Timestamp<SECOND>',
      ts_ms: 'Timestamp<MILLISECOND>',
      ts_ns: 'Timestamp<NANOSECOND>',
      tstz: 'Timestamp<MICROSECOND, UTC>',
      iv: 'Interval<MONTH_DAY_NANO>',
      id: 'FixedSizeBinary[16]',
      bin: 'Binary',
      en: 'Dictionary<Uint8, Utf8>',
      list_struct: 'List<Struct<{k:Int32, s:Utf8}>>',
      m: 'Map<{key:Utf8, value:Utf8}>',
      arr: 'FixedSizeList[3]<Int32>',
    });
    const meta = Object.fromEntries(t.schema.fields.map((f) => [f.name, f.metadata.get('duckdb_type')]));
    expect(meta).toMatchObject({ i128: 'HUGEINT', u128: 'UHUGEINT', d18: 'DECIMAL(18,3)', id: 'UUID' });
    expect(t.schema.fields[col('id')].metadata.get('ARROW:extension:name')).toBe('arrow.uuid');

    // apache-arrow's own getters, independent of exact-values.ts, where they are exact
    // (not Row.toJSON: its timestamp getter throws on TIMESTAMP '1677-09-22', beyond 2^53 ns)
    const at = (name: string, i: number) => t.getChild(name)!.get(i) as unknown;
    expect(at('i64', 0)).toBe(-9223372036854775808n);
    expect(at('u64', 0)).toBe(18446744073709551615n);
    expect([at('i8', 0), at('b', 0)]).toEqual([-128, true]);
    expect(at('i64', 2)).toBe(9007199254740993n);
    expect(at('u128', 3)).toBeNull();
    expect(at('u128', 0)).toBe('340282366920938463463374607431768211455');
    expect(
      t
        .getChild('list_struct')!
        .get(4)!
        .toJSON()
        .map((s: { toJSON(): unknown }) => s.toJSON()),
    ).toEqual([
      { k: 4, s: 'x4' },
      { k: -4, s: '' },
    ]);
    expect(t.getChild('en')!.get(4)).toBe('mid');
    expect([...(t.getChild('arr')!.get(4)! as unknown as Iterable<number>)]).toEqual([4, 5, 6]);

    const got = arrowText(t);
    for (let i = 0; i < EVERY_TYPE_ROWS; i++) expect(got[i], `row ${i}`).toEqual(want[i]);
  });

  it('answers JSON with every digit and the DuckDB type of each column', async () => {
    const res = await post('/api/sql?format=json', { sql: EVERY_TYPE_SQL, limit: 10_000 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      columns: { name: string; type: string; duckdb_type: string }[];
      rows: Record<string, unknown>[];
    };
    const described = (await con.runAndReadAll(`DESCRIBE (${EVERY_TYPE_SQL})`)).getRows().map((r) => String(r[1]));
    // node-api spells STRUCT fields quoted, STRUCT("k" INTEGER), where DESCRIBE leaves them bare
    expect(body.columns.map((c) => c.duckdb_type.replaceAll('"', ''))).toEqual(described);
    expect(body.rows).toHaveLength(EVERY_TYPE_ROWS);
    const { rows } = body;
    expect(rows[2].i64).toBe('9007199254740993');
    expect(rows[0]).toMatchObject({
      i64: '-9223372036854775808',
      u64: '18446744073709551615',
      i128: '170141183460469231731687303715884105727',
      d38: '9999999999999999999999999999.9999999999',
      f64: 'nan',
      dt: '0001-01-01',
      ts: '1677-09-22T00:00:00.000Z',
      ts_ns: '2024-01-01T00:00:00.123456789Z',
      list_struct: [],
      ints: [null],
    });
    expect(rows[8]).toMatchObject({ i: 8, i128: '987654312098765431208', u128: '8' });
    expect(rows[4]).toMatchObject({ i64: 4000000028, d4: '0.4', i128: '493827156049382715604', u64: 4 });
    expect(rows[1]).toMatchObject({
      list_struct: [null, { k: null, s: 'a, b' }],
      ints: ['9223372036854775807'],
      m: {},
      txt: '=SUM(A1)',
    });
    expect(rows[0].nested).toEqual({ l: [[1], null, []], m: { k: 1 } });
    expect(rows[0].m).toEqual({ 'a=b': null, ' c': 'd' });
    expect(rows[3].i64).toBeNull();

    // scalars: numbers read back to the same value, text is DuckDB's text
    const nested = new Set(['list_struct', 'ints', 'nested', 'm', 'arr']);
    const timestamps = new Set(['ts', 'ts_s', 'ts_ms', 'ts_ns', 'tstz']);
    rows.forEach((r, i) => {
      NAMES.forEach((name, c) => {
        if (nested.has(name)) return;
        const v = r[name];
        const text = want[i][c];
        if (text === null) return expect(v, `${name} ${i}`).toBeNull();
        if (typeof v === 'number') {
          const back = name === 'f32' ? Math.fround(Number(text)) : Number(text);
          return expect(v, `${name} ${i}`).toBe(back);
        }
        if (typeof v === 'boolean') return expect(String(v)).toBe(text);
        if (timestamps.has(name) && !text.endsWith('infinity')) {
          const [day, clock] = text.replace(/\+00$/, '').split(' ');
          const [hms, frac = ''] = clock.split('.');
          return expect(v, `${name} ${i}`).toBe(`${day}T${hms}.${frac.padEnd(3, '0')}Z`);
        }
        expect(v, `${name} ${i}`).toBe(text);
      });
    });
  });

  it('answers CSV with DuckDB text of every value', async () => {
    const res = await post('/api/sql?format=csv', { sql: EVERY_TYPE_SQL, limit: 10_000 });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.slice(0, text.indexOf('\r\n'))).toBe(NAMES.join(','));
    const rows = parseCsv(text);
    expect(rows).toHaveLength(EVERY_TYPE_ROWS);
    for (let i = 0; i < EVERY_TYPE_ROWS; i++)
      expect(rows[i], `row ${i}`).toEqual(want[i].map((v, c) => csvOf(NAMES[c], v)));
  });

  it('exports CSV as DuckDB writes it, every value its text', async () => {
    const res = await post('/api/sql/export', { sql: EVERY_TYPE_SQL, format: 'csv' });
    expect(res.status).toBe(200);
    const rows = parseCsv(await res.text());
    expect(rows).toHaveLength(EVERY_TYPE_ROWS);
    for (let i = 0; i < EVERY_TYPE_ROWS; i++)
      expect(rows[i], `row ${i}`).toEqual(want[i].map((v, c) => csvOf(NAMES[c], v)));
  });

  it('exports Parquet that keeps the column types and values, HUGEINT (what sums give) included', async () => {
    // Parquet holds no negative INTERVAL and no integer of 39 digits (HUGEINT goes as DECIMAL(38,0)): those are left out
    const sql = `SELECT * EXCLUDE (iv, i128, u128), i128 // 10 AS i128, u128 // 10 AS u128,
      i::HUGEINT * 3 AS total, i64::HUGEINT * 2 AS huge_total FROM (${EVERY_TYPE_SQL}) ORDER BY i`;
    const res = await post('/api/sql/export', { sql, format: 'parquet' });
    expect(res.status).toBe(200);
    const file = path.join(tmp.dir, 'every.parquet');
    fs.writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
    const read = `SELECT * FROM read_parquet(${quoteString(file)})`;
    const types = (await con.runAndReadAll(`DESCRIBE (${read})`)).getRows().map((r) => [String(r[0]), String(r[1])]);
    const asQuery = (await con.runAndReadAll(`DESCRIBE (${sql})`)).getRows().map((r) => [String(r[0]), String(r[1])]);
    // what Parquet cannot say: TIMESTAMP_S and _MS read back as TIMESTAMP, ENUM as VARCHAR, ARRAY as LIST, HUGEINT as DECIMAL(38,0)
    const parquetOf: Record<string, string> = {
      TIMESTAMP_S: 'TIMESTAMP',
      TIMESTAMP_MS: 'TIMESTAMP',
      "ENUM('low', 'mid', 'high')": 'VARCHAR',
      'INTEGER[3]': 'INTEGER[]',
      HUGEINT: 'DECIMAL(38,0)',
      UHUGEINT: 'DECIMAL(38,0)',
    };
    expect(types).toEqual(asQuery.map(([n, t]) => [n, parquetOf[t] ?? t]));
    expect(Object.fromEntries(types)).toMatchObject({ total: 'DECIMAL(38,0)', huge_total: 'DECIMAL(38,0)' });
    const sums = await con.runAndReadAll(`SELECT typeof(sum(i)) FROM range(3) t(i)`);
    expect(String(sums.getRows()[0][0])).toBe('HUGEINT');
    const back = await duckdbText(con, read);
    const ref = await duckdbText(con, sql);
    expect(back).toHaveLength(EVERY_TYPE_ROWS);
    for (let i = 0; i < EVERY_TYPE_ROWS; i++) expect(back[i], `row ${i}`).toEqual(ref[i]);
  });

  it('refuses a Parquet export of an integer Parquet cannot hold instead of rounding it', async () => {
    const res = await post('/api/sql/export', {
      sql: 'SELECT 170141183460469231731687303715884105727::HUGEINT AS h',
      format: 'parquet',
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/DECIMAL|convert|range/i);
  });
});
