import { describe, it, expect, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AtlasDb } from './database.ts';
import { queryOne, queryRows } from './query.ts';

describe('AtlasDb', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const tmpFile = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-db-'));
    dirs.push(d);
    return path.join(d, 'nested', 'atlas.duckdb');
  };

  it('creates the schema and the shipped reference data', async () => {
    const db = await AtlasDb.open({ path: ':memory:' });
    const counts = await db.withConnection((con) =>
      queryOne(
        con,
        `SELECT (SELECT count(*) FROM ref_region) AS regions, (SELECT count(*) FROM ref_sector) AS sectors,
        (SELECT count(*) FROM ref_region WHERE is_province) AS provinces,
        (SELECT sum(pop_2020) FROM ref_region) AS population,
        (SELECT count(DISTINCT enum_name) FROM enum_label) AS enums`,
      ),
    );
    // 31 provinces + XPCC + national; the census total of the 31 provinces is 1,409,778,724 (domain-research §4.3).
    expect(counts).toEqual({
      regions: 33,
      sectors: 18,
      provinces: 31,
      population: 1_409_778_724,
      enums: expect.any(Number),
    });
    expect(counts!.enums).toBeGreaterThanOrEqual(20);
    const national = await db.withConnection((con) =>
      queryOne(con, `SELECT * FROM ref_region WHERE region_code = '000000'`),
    );
    expect(national).toMatchObject({ name_zh: '全国/中央', pop_2020: null, is_province: false });
    db.close();
  });

  it('binds list parameters and ignores parameters a query does not use', async () => {
    const db = await AtlasDb.open({ path: ':memory:' });
    const sql = `SELECT count(*) AS n FROM ref_region WHERE len($codes) = 0 OR list_contains($codes, region_code)`;
    const all = await db.withConnection((con) => queryRows(con, sql, { codes: [], unused: 'x' }));
    const two = await db.withConnection((con) => queryRows(con, sql, { codes: ['110000', '310000'] }));
    expect(all).toEqual([{ n: 33 }]);
    expect(two).toEqual([{ n: 2 }]);
    await expect(db.withConnection((con) => queryRows(con, sql, {}))).rejects.toThrow(/\$codes was not given/);
    db.close();
  });

  it('keeps a file database and reopens it with the same data', async () => {
    const file = tmpFile();
    const db = await AtlasDb.open({ path: file });
    await db.withConnection((con) =>
      con.run(
        `INSERT INTO ingest_warning VALUES (1, 'usage', 'U1', 2, 'amount_cny', '5', 'FREE_PURPOSE_CHARGED', 'm')`,
      ),
    );
    db.close();
    const again = await AtlasDb.open({ path: file });
    expect(await again.withConnection((con) => queryOne(con, 'SELECT count(*) AS n FROM ingest_warning'))).toEqual({
      n: 1,
    });
    again.close();
  });

  it('interrupts a statement that runs past its timeout and stays usable', async () => {
    const db = await AtlasDb.open({ path: ':memory:' });
    const started = Date.now();
    await expect(
      db.withConnection((con) => con.run('SELECT count(*) FROM range(1000000000000) a, range(1000) b'), {
        timeoutMs: 200,
      }),
    ).rejects.toMatchObject({ code: 'query_timeout' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await db.withConnection((con) => queryOne(con, 'SELECT 1 AS one'))).toEqual({ one: 1 });
    db.close();
  });
});
