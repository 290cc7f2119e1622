import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { AtlasDb } from '../db/database.ts';
import { ROOT } from '../db/paths.ts';
import { queryRows } from '../db/query.ts';
import { quoteIdent } from '../db/sql-text.ts';
import { tempDir } from '../test-support/server.ts';
import { RECORD_TABLES } from './generate.ts';
import { writeSampleCsvs } from './samples.ts';

// The hand-readable CSV samples committed in sample-data/: readable, small, consistent among themselves so they ingest
// in order, and exactly what `atlas generate --samples` writes today.
const SAMPLE_DIR = path.join(ROOT, 'sample-data');

describe('committed CSV samples (sample-data/*.csv)', () => {
  let db: AtlasDb;
  const tmp = tempDir('atlas-samples-test-');
  const count = async (sql: string) =>
    Number((await db.withConnection((con) => queryRows(con, `SELECT count(*) AS n FROM (${sql})`)))[0].n);

  beforeAll(async () => {
    db = await AtlasDb.open({ path: ':memory:' });
    await db.withConnection(async (con) => {
      for (const table of RECORD_TABLES) {
        // typed by the schema itself: every value must parse as its column's type (table names from a fixed list)
        await queryRows(
          con,
          `INSERT INTO ${quoteIdent(table)} BY NAME SELECT *, 0 AS batch_id FROM read_csv($f, header = true)`,
          {
            f: path.join(SAMPLE_DIR, `${table}.csv`),
          },
        );
      }
    });
  });
  afterAll(() => {
    db?.close();
    tmp.cleanup();
  });

  it('has 3–40 rows per table with the schema columns in order, Chinese names and real region codes', async () => {
    for (const table of RECORD_TABLES) {
      const lines = fs
        .readFileSync(path.join(SAMPLE_DIR, `${table}.csv`), 'utf8')
        .trimEnd()
        .split('\n');
      expect(lines.length - 1, table).toBeGreaterThanOrEqual(3);
      expect(lines.length - 1, table).toBeLessThanOrEqual(40);
      const columns = await db.withConnection((con) =>
        queryRows(
          con,
          `SELECT column_name FROM information_schema.columns WHERE table_name = $t AND column_name <> 'batch_id' ORDER BY ordinal_position`,
          { t: table },
        ),
      );
      expect(lines[0].split(','), table).toEqual(columns.map((c) => c.column_name));
    }
    expect(await count(`SELECT * FROM org WHERE NOT regexp_matches(name, '[\\x{4e00}-\\x{9fff}]')`)).toBe(0);
    expect(await count(`SELECT * FROM org WHERE region_code NOT IN (SELECT region_code FROM ref_region)`)).toBe(0);
  });

  it('every reference resolves inside the samples, in the ingestion order', async () => {
    const dangling = [
      `SELECT * FROM "authorization" WHERE granting_authority_org_id NOT IN (SELECT org_id FROM org)
         OR implementing_agency_org_id NOT IN (SELECT org_id FROM org) OR operator_org_id NOT IN (SELECT org_id FROM org)
         OR (is_replicated_from IS NOT NULL AND is_replicated_from NOT IN (SELECT auth_id FROM "authorization"))`,
      `SELECT * FROM registration WHERE registrant_org_id NOT IN (SELECT org_id FROM org)
         OR (auth_id IS NOT NULL AND auth_id NOT IN (SELECT auth_id FROM "authorization"))`,
      `SELECT * FROM authorization_resource WHERE auth_id NOT IN (SELECT auth_id FROM "authorization")
         OR asset_uid NOT IN (SELECT asset_uid FROM registration)`,
      `SELECT * FROM product WHERE auth_id NOT IN (SELECT auth_id FROM "authorization") OR operator_org_id NOT IN (SELECT org_id FROM org)
         OR product_id NOT IN (SELECT asset_uid FROM registration WHERE object_type = 'DATA_PRODUCT_SERVICE')`,
      `SELECT * FROM usage WHERE product_id NOT IN (SELECT product_id FROM product) OR user_org_id NOT IN (SELECT org_id FROM org)
         OR auth_id NOT IN (SELECT auth_id FROM "authorization")`,
    ];
    for (const sql of dangling) expect(await count(sql), sql).toBe(0);
    // the sample shows a planted model and its replica
    expect(
      await count(
        `SELECT * FROM "authorization" WHERE scenario_name = '普惠金融信贷风控' AND is_replicated_from IS NOT NULL`,
      ),
    ).toBe(1);
  });

  it('is exactly what `atlas generate --samples` writes', async () => {
    await writeSampleCsvs({ outDir: tmp.dir });
    for (const table of RECORD_TABLES) {
      expect(fs.readFileSync(path.join(tmp.dir, `${table}.csv`), 'utf8'), table).toBe(
        fs.readFileSync(path.join(SAMPLE_DIR, `${table}.csv`), 'utf8'),
      );
    }
  });
});
