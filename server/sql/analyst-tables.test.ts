import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { AtlasDb } from '../db/database.ts';
import { queryRows } from '../db/query.ts';
import { ingestFile } from '../ingest/pipeline.ts';
import { tempDir } from '../test-support/server.ts';
import { ANALYST_TABLES, FILL_ORDER, PRIVATE_TABLES } from './analyst-tables.ts';
import { AnalystSandbox } from './sandbox.ts';

const tmp = tempDir('atlas-analyst-tables-');
let db: AtlasDb;
beforeAll(async () => {
  db = await AtlasDb.open({ path: ':memory:' });
});
afterAll(() => {
  db.close();
  tmp.cleanup();
});

describe('analyst tables', () => {
  it('puts every table of the schema in analyst snapshots or names it private', async () => {
    const tables = await db.withConnection((con) =>
      queryRows<{ t: string }>(
        con,
        `SELECT table_name AS t FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary`,
      ),
    );
    // a new table must be classified here: analysts read it (with a scope rule) or never see it
    expect(tables.map((r) => r.t).sort()).toEqual([...ANALYST_TABLES, ...PRIVATE_TABLES].sort());
    expect([...FILL_ORDER].sort()).toEqual([...ANALYST_TABLES].sort());
  });
});

describe('warnings and old versions as ingestion writes them', () => {
  let sandbox: AnalystSandbox;
  const csv = (name: string, lines: string[]) => {
    const file = path.join(tmp.dir, name);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };
  const ingest = async (kind: string, file: string) => {
    const s = await ingestFile(db, { kind, path: file, source: 'cli' });
    expect(s.status, JSON.stringify(s.first_rejects)).toBe('COMMITTED');
    return s;
  };

  beforeAll(async () => {
    await ingest(
      'org',
      csv('org.csv', [
        'org_id,name,org_role,region_code',
        'GA-SC,四川省数据局,GRANTING_AUTHORITY,510000',
        'OP-SC,四川运营公司,OPERATOR,510000',
        'GA-GD,广东省数据局,GRANTING_AUTHORITY,440000',
        'OP-GD,广东运营公司,OPERATOR,440000',
        'BAD,无效地区,OPERATOR,999999',
      ]),
    );
    const auth = (years: number) => [
      'auth_id,auth_mode,granting_authority_org_id,operator_org_id,region_code,sector_code,term_start,term_end,status',
      `AUTH-SC,SCENARIO,GA-SC,OP-SC,510000,DEX05,2025-01-01,${2025 + years}-01-01,ACTIVE`,
      `AUTH-GD,SCENARIO,GA-GD,OP-GD,440000,DEX05,2025-01-01,${2025 + years}-01-01,ACTIVE`,
    ];
    await ingest('authorization', csv('auth-1.csv', auth(3)));
    // a longer term: each live version is replaced (record_history) and warned about (over 5 years)
    await ingest('authorization', csv('auth-2.csv', auth(6)));
    await ingest(
      'product',
      csv('product.csv', [
        'product_id,auth_id,operator_org_id,sector_code,product_form,charge_basis,cap_unit_price_cny,list_unit_price_cny',
        'P-SC,AUTH-SC,OP-SC,DEX05,API_QUERY,PER_CALL,1.00,2.00',
        'P-GD,AUTH-GD,OP-GD,DEX05,API_QUERY,PER_CALL,1.00,2.00',
      ]),
    );
    sandbox = new AnalystSandbox(db);
  });
  afterAll(() => sandbox.close());

  const rows = async (sql: string, scope: string[] | null) =>
    (await sandbox.run(sql, { scope })).table.toArray().map((r: { toJSON(): unknown }) => r.toJSON());

  it('keeps the warnings about the scope’s records, found by the keys ingestion writes', async () => {
    const sql = 'SELECT table_name, record_key, rule_code FROM ingest_warning ORDER BY ALL';
    expect(await rows(sql, null)).toEqual([
      { table_name: 'authorization', record_key: 'AUTH-GD', rule_code: 'TERM_OVER_5_YEARS' },
      { table_name: 'authorization', record_key: 'AUTH-SC', rule_code: 'TERM_OVER_5_YEARS' },
      { table_name: 'product', record_key: 'P-GD', rule_code: 'PRICE_ABOVE_CAP' },
      { table_name: 'product', record_key: 'P-SC', rule_code: 'PRICE_ABOVE_CAP' },
    ]);
    expect(await rows(sql, ['510000'])).toEqual([
      { table_name: 'authorization', record_key: 'AUTH-SC', rule_code: 'TERM_OVER_5_YEARS' },
      { table_name: 'product', record_key: 'P-SC', rule_code: 'PRICE_ABOVE_CAP' },
    ]);
  });

  it('keeps the scope’s old versions, the batches’ metadata, and no reject of a national batch', async () => {
    const history = `SELECT record_key, record->>'term_end' AS term_end FROM record_history ORDER BY ALL`;
    expect(await rows(history, ['510000'])).toEqual([{ record_key: 'AUTH-SC', term_end: '2028-01-01' }]);
    expect(await rows(history, null)).toHaveLength(2);
    const batches = 'SELECT count(*) AS n, count(summary) AS summaries FROM ingest_batch';
    expect(await rows(batches, null)).toEqual([{ n: 4n, summaries: 4n }]);
    expect(await rows(batches, ['510000'])).toEqual([{ n: 4n, summaries: 0n }]);
    const rejects = 'SELECT count(*) AS n FROM ingest_reject';
    expect(await rows(rejects, null)).toEqual([{ n: 1n }]);
    expect(await rows(rejects, ['510000'])).toEqual([{ n: 0n }]);
  });
});
