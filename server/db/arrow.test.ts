import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { textReader } from '../sql/exact-values.ts';
import { duckdbResultToArrow } from './arrow.ts';

describe('DuckDB result → Arrow fast path', () => {
  let inst: DuckDBInstance;
  let con: DuckDBConnection;
  beforeAll(async () => {
    inst = await DuckDBInstance.create(':memory:');
    con = await inst.connect();
  });
  afterAll(() => {
    con.closeSync();
    inst.closeSync();
  });

  it('matches getRowObjectsJS for nulls, BIGINT, HUGEINT, DECIMAL, DATE, BOOLEAN and long strings across chunks', async () => {
    const sql = `SELECT i::INTEGER AS i, CASE WHEN i % 3 = 0 THEN NULL ELSE i * 1000 END::BIGINT AS b,
      (i / 4)::DECIMAL(10,2) AS d, (i * 7)::DECIMAL(18,2) AS money, (i::HUGEINT * 3) AS h,
      DATE '2024-02-28' + i::INTEGER AS day, i % 2 = 0 AS flag,
      CASE WHEN i % 5 = 0 THEN NULL ELSE repeat('é', (i % 20)::INTEGER) || i END AS s FROM range(5000) t(i)`;
    const t = await duckdbResultToArrow(await con.run(sql));
    const ref = (await con.runAndReadAll(sql)).getRowObjectsJS();
    expect(t.numRows).toBe(5000);
    for (const k of [0, 1, 3, 5, 12, 2047, 2048, 4999]) {
      const row = t.get(k)!.toJSON() as Record<string, unknown>;
      const r = ref[k] as Record<string, unknown>;
      expect(row.i).toBe(r.i);
      expect(row.b).toBe(r.b === null ? null : Number(r.b));
      expect(row.d).toBeCloseTo(Number(r.d));
      expect(row.money).toBeCloseTo(Number(r.money));
      expect(row.h).toBe(Number(r.h));
      expect(row.flag).toBe(r.flag);
      expect(row.s).toBe(r.s);
      expect(new Date(row.day as number).toISOString().slice(0, 10)).toBe((r.day as Date).toISOString().slice(0, 10));
    }
    expect(t.getChild('b')!.nullCount).toBe(1667);
    expect(t.getChild('s')!.nullCount).toBe(1000);
  });

  it('round-trips through IPC with Float64 for BIGINT by default', async () => {
    const t = await duckdbResultToArrow(await con.run(`SELECT 42::BIGINT AS n, 'x' AS s`));
    const back = tableFromIPC(tableToIPC(t, 'stream'));
    expect(String(back.schema.fields[0].type)).toBe('Float64');
    expect(back.get(0)!.toJSON()).toEqual({ n: 42, s: 'x' });
  });

  it('keeps DuckDB values exact in exact mode, nested ones across chunks, as DuckDB prints them', async () => {
    const sql = `SELECT i::BIGINT * 1000000000007 AS big, (i / 7)::DECIMAL(18,4) AS d,
      CASE WHEN i % 5 = 0 THEN NULL ELSE [{'k': i, 's': repeat('x', (i % 20)::INTEGER)}, NULL] END AS ls,
      CASE WHEN i % 3 = 0 THEN NULL ELSE MAP {'a': i} END AS m,
      (['p', 'q'])[i % 2 + 1]::ENUM('p', 'q') AS e FROM range(5000) t(i) ORDER BY i`;
    // materialized and streaming (each read before the next statement runs on the connection)
    for (const open of [() => con.run(sql), () => con.stream(sql)]) {
      const t = await duckdbResultToArrow(await open(), { bigint: 'exact' });
      expect(t.schema.fields.map((f) => String(f.type))).toEqual([
        'Int64',
        'Decimal[18e+4]',
        'List<Struct<{k:Int64, s:Utf8}>>',
        'Map<{key:Utf8, value:Int64}>',
        'Dictionary<Uint8, Utf8>',
      ]);
      expect(t.numRows).toBe(5000);
      expect(t.getChild('big')!.get(4999)).toBe(4999n * 1000000000007n);
      const want = (await con.runAndReadAll(`SELECT COLUMNS(*)::VARCHAR FROM (${sql})`)).getRows();
      const readers = t.schema.fields.map((f) => textReader(f));
      const cols = t.schema.fields.map((_f, c) => t.getChildAt(c)!.data[0]);
      for (const i of [0, 1, 2047, 2048, 2049, 4095, 4096, 4999])
        expect(readers.map((r, c) => r(cols[c], i))).toEqual(want[i].map((v) => (v === null ? null : String(v))));
    }
  });

  it('handles an empty result', async () => {
    const t = await duckdbResultToArrow(await con.run(`SELECT 1 AS a, 'x' AS b WHERE false`));
    expect(t.numRows).toBe(0);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['a', 'b']);
  });
});
