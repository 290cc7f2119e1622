import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
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

  it('handles an empty result', async () => {
    const t = await duckdbResultToArrow(await con.run(`SELECT 1 AS a, 'x' AS b WHERE false`));
    expect(t.numRows).toBe(0);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['a', 'b']);
  });
});
