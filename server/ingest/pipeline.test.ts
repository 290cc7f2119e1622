// Batches, upserts, history, strict mode, rollups and transactional failure, on real DuckDB and real files.
import { describe, it, expect, beforeEach, afterEach, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { AtlasDb } from '../db/database.ts';
import { queryRows } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import { tempDir } from '../test-support/server.ts';
import { openGoodCopy } from '../test-support/shared-databases.ts';
import { GOOD, fingerprint, loadGood, writeFile } from './fixtures.ts';
import type { KindName } from './kinds.ts';
import { ingestFile } from './pipeline.ts';

const tmp = tempDir('atlas-pipeline-');
afterAll(() => tmp.cleanup());

let db: AtlasDb;
let dir: string;
beforeEach(async () => {
  db = await AtlasDb.open({ path: ':memory:' });
  dir = fs.mkdtempSync(path.join(tmp.dir, 't-'));
});
afterEach(() => db.close());

/** Start from the good fixtures of the kinds before `until` (all by default), as loadGood leaves them. */
async function startFromGood(until?: KindName) {
  db.close();
  db = await openGoodCopy(dir, until);
}

const rows = (sql: string) => db.withConnection((con) => queryRows(con, sql));

/** The usage rollup recomputed from scratch, for comparison with the incrementally maintained one. */
async function rollupFromScratch() {
  return db.withConnection(async (con) => {
    await con.run('CREATE OR REPLACE TEMP TABLE expected AS SELECT * FROM rollup_usage_month LIMIT 0');
    await con.run(
      sqlFile('rollups/usage_month_rebuild').replace('INSERT INTO rollup_usage_month', 'INSERT INTO expected'),
    );
    return queryRows(con, 'SELECT * FROM expected ORDER BY ALL');
  });
}

describe('batches and upserts', () => {
  it('records each batch with counts, warnings by rule and line numbers of warnings', async () => {
    const loaded = await loadGood(db, dir); // itself under test here
    expect(loaded.map((s) => [s.kind, s.batch_id, s.inserted, s.warnings])).toEqual([
      ['org', 1, 5, 0],
      ['authorization', 2, 2, 2],
      ['registration', 3, 3, 4],
      ['authorization_resource', 4, 2, 0],
      ['product', 5, 2, 1],
      ['usage', 6, 4, 1],
    ]);
    expect(loaded[2].warnings_by_rule).toMatchObject({
      NOTICE_NOT_10_WD: { count: 1 },
      ACCEPTANCE_OVER_3_WD: { count: 1 },
      FILING_LATE: { count: 1 },
      CORE_ASSET_AUTHORIZED: { count: 1 },
    });
    expect(
      await rows(`SELECT table_name, record_key, line, rule_code FROM ingest_warning ORDER BY batch_id, rule_code`),
    ).toEqual([
      { table_name: 'authorization', record_key: 'A2', line: 3, rule_code: 'REVENUE_ABOVE_MAX' },
      { table_name: 'authorization', record_key: 'A2', line: 3, rule_code: 'TERM_OVER_5_YEARS' },
      { table_name: 'registration', record_key: 'R2', line: 3, rule_code: 'ACCEPTANCE_OVER_3_WD' },
      { table_name: 'registration', record_key: 'R3', line: 4, rule_code: 'CORE_ASSET_AUTHORIZED' },
      { table_name: 'registration', record_key: 'R2', line: 3, rule_code: 'FILING_LATE' },
      { table_name: 'registration', record_key: 'R2', line: 3, rule_code: 'NOTICE_NOT_10_WD' },
      { table_name: 'product', record_key: 'P2', line: 3, rule_code: 'PRICE_ABOVE_CAP' },
      { table_name: 'usage', record_key: 'US3', line: 4, rule_code: 'FREE_PURPOSE_CHARGED' },
    ]);
    const [batch] = await rows(
      `SELECT kind, status, rows_read, inserted, warnings, summary->>'$.status' AS s FROM ingest_batch WHERE batch_id = 6`,
    );
    expect(batch).toEqual({
      kind: 'usage',
      status: 'COMMITTED',
      rows_read: 4,
      inserted: 4,
      warnings: 1,
      s: 'COMMITTED',
    });
  });

  it('re-ingesting the same file changes nothing and names the earlier batch', async () => {
    await startFromGood();
    const before = await fingerprint(db);
    const again = await ingestFile(db, { kind: 'usage', path: writeFile(dir, 'copy-of-usage.csv', GOOD.usage) });
    expect(again).toMatchObject({
      status: 'DUPLICATE_FILE',
      batch_id: null,
      duplicate_of: { batch_id: 6, file_name: 'usage.csv' },
      inserted: 0,
    });
    expect(await fingerprint(db)).toEqual(before);
    // The same rows in a different file (new hash) are recognised row by row as unchanged.
    const reordered =
      [GOOD.usage.split('\n')[0], ...GOOD.usage.trim().split('\n').slice(1).reverse()].join('\n') + '\n';
    const rowwise = await ingestFile(db, { kind: 'usage', path: writeFile(dir, 'reordered.csv', reordered) });
    expect(rowwise).toMatchObject({ status: 'COMMITTED', inserted: 0, replaced: 0, unchanged: 4 });
    const after = await fingerprint(db, { exclude: ['ingest_batch'] });
    const { ingest_batch: _b, ...beforeNoBatch } = before;
    expect(after).toEqual(beforeNoBatch);
  });

  it('a changed record replaces the live one; record_history keeps the old version and both batches; rollup stays exact', async () => {
    await startFromGood();
    const changed =
      GOOD.usage.replace(
        'US2,2025-03,P1,A1,110000,U1,BANK,310000,SECTOR_DEVELOPMENT,20000,20000,2,16000.00',
        'US2,2025-05,P1,A1,110000,U1,BANK,310000,SECTOR_DEVELOPMENT,25000,20000,2,20000.00',
      ) + 'US5,2025-05,P2,A2,110000,U1,INSURER,310000,INDUSTRY_DEVELOPMENT,10,10,0,6.00,1,true\n';
    const s = await ingestFile(db, { kind: 'usage', path: writeFile(dir, 'usage-v2.csv', changed) });
    expect(s).toMatchObject({ status: 'COMMITTED', batch_id: 7, inserted: 1, replaced: 1, unchanged: 3, rejected: 0 });
    expect(
      await rows(
        `SELECT usage_id, period_month, calls, amount_cny, batch_id FROM usage WHERE usage_id IN ('US2', 'US5') ORDER BY 1`,
      ),
    ).toEqual([
      { usage_id: 'US2', period_month: '2025-05-01', calls: 25000, amount_cny: 20000, batch_id: 7 },
      { usage_id: 'US5', period_month: '2025-05-01', calls: 10, amount_cny: 6, batch_id: 7 },
    ]);
    const history = await rows(
      `SELECT table_name, record_key, batch_id, superseded_by_batch, record->>'calls' AS calls, record->>'period_month' AS month FROM record_history`,
    );
    expect(history).toEqual([
      {
        table_name: 'usage',
        record_key: 'US2',
        batch_id: 6,
        superseded_by_batch: 7,
        calls: '20000',
        month: '2025-03-01',
      },
    ]);
    expect(await rows('SELECT * FROM rollup_usage_month ORDER BY ALL')).toEqual(await rollupFromScratch());
    const march = await rows(
      `SELECT sum(calls) AS calls, sum(usage_rows) AS n FROM rollup_usage_month WHERE period_month = DATE '2025-03-01'`,
    );
    expect(march).toEqual([{ calls: 1000, n: 1 }]);
  });

  it('a product moving to another sector rebuilds the usage rollup', async () => {
    await startFromGood();
    const moved = GOOD.product.replace('P1,企业信用评分接口,A1,O2,DEX05', 'P1,企业信用评分接口,A1,O2,DEX03');
    const s = await ingestFile(db, { kind: 'product', path: writeFile(dir, 'product-v2.csv', moved) });
    expect(s).toMatchObject({ status: 'COMMITTED', replaced: 1, unchanged: 1 });
    const rollup = await rows('SELECT * FROM rollup_usage_month ORDER BY ALL');
    expect(rollup).toEqual(await rollupFromScratch());
    expect(rollup.filter((r) => r.sector_code === 'DEX05')).toEqual([]);
  });

  it('--strict refuses a file with one bad row and leaves everything as before (the rejects are still reported)', async () => {
    await startFromGood('usage');
    const before = await fingerprint(db, { exclude: ['ingest_batch', 'ingest_reject'] });
    const bad = GOOD.usage.replace(',P2,A2,', ',P404,A2,');
    const s = await ingestFile(db, { kind: 'usage', path: writeFile(dir, 'usage.csv', bad), strict: true });
    expect(s).toMatchObject({ status: 'REFUSED', strict: true, accepted: 0, inserted: 0, rejected: 1 });
    expect(s.first_rejects).toEqual([
      {
        line: 4,
        field: 'product_id',
        value: 'P404',
        reason_code: 'unknown_reference',
        reason: expect.objectContaining({ zh: expect.any(String), en: expect.any(String) }),
      },
    ]);
    expect(s.file_errors.map((e) => e.code)).toEqual(['strict_refused']);
    expect(await fingerprint(db, { exclude: ['ingest_batch', 'ingest_reject'] })).toEqual(before);
    expect(await rows('SELECT count(*) AS n FROM ingest_reject')).toEqual([{ n: 1 }]);
    // Without --strict the same file is a partial accept; the refused batch did not count as "already ingested".
    const lenient = await ingestFile(db, { kind: 'usage', path: writeFile(dir, 'usage.csv', bad) });
    expect(lenient).toMatchObject({ status: 'COMMITTED', inserted: 3, rejected: 1 });
  });

  it('an error after the inserts and before COMMIT leaves the database exactly as before', async () => {
    await startFromGood('usage');
    const before = await fingerprint(db);
    const changedDb = ingestFile(db, {
      kind: 'usage',
      path: writeFile(dir, 'usage.csv', GOOD.usage),
      beforeCommit: async (con) => {
        // Prove the writes really happened inside the transaction before failing.
        const [n] = await queryRows(
          con,
          'SELECT (SELECT count(*) FROM usage) AS usage, (SELECT count(*) FROM rollup_usage_month) AS rollup',
        );
        expect(n).toEqual({ usage: 4, rollup: 4 });
        throw new Error('injected failure before commit');
      },
    });
    await expect(changedDb).rejects.toMatchObject({
      code: 'ingest_failed',
      message: expect.stringMatching(/left unchanged: injected failure/),
    });
    expect(await fingerprint(db)).toEqual(before);
    const retry = await ingestFile(db, { kind: 'usage', path: writeFile(dir, 'usage.csv', GOOD.usage) });
    expect(retry).toMatchObject({ status: 'COMMITTED', inserted: 4 });
  });

  it('numbers lines correctly in a larger file with malformed records before the bad values', async () => {
    await startFromGood('usage');
    const header = GOOD.usage.split('\n')[0];
    const lines = [header];
    const expected: [number, string | null, string][] = [];
    for (let i = 0; i < 20_000; i++) {
      const line = lines.length + 1;
      if (i === 100 || i === 7_000) {
        lines.push(`broken-${i},2025-03`);
        expected.push([line, 'product_id', 'csv_too_few_columns']);
      } else if (i % 4999 === 17) {
        lines.push(`L${i},2025-03,P1,A1,110000,U1,BANK,310000,INDUSTRY_DEVELOPMENT,${i},,,-1,,`);
        expected.push([line, 'amount_cny', 'negative_value']);
      } else {
        lines.push(`L${i},2025-03,P1,A1,110000,U1,BANK,310000,INDUSTRY_DEVELOPMENT,${i},,,1.00,,`);
      }
    }
    const s = await ingestFile(db, { kind: 'usage', path: writeFile(dir, 'big.csv', lines.join('\n') + '\n') });
    expect(s.first_rejects.map((r) => [r.line, r.field, r.reason_code])).toEqual(expected);
    expect(s).toMatchObject({ rows_read: 20_000, accepted: 20_000 - expected.length, rejected: expected.length });
    // Each accepted row's calls equal its index: spot-check that the stored rows are the right ones.
    expect(await rows(`SELECT count(*) AS n FROM usage WHERE usage_id = 'L' || calls`)).toEqual([
      { n: 20_000 - expected.length },
    ]);
  });

  it('a larger first load: repeated keys far apart are all rejected, the rollup equals a rebuild (free-only groups paid 0)', async () => {
    await startFromGood('usage');
    const header = GOOD.usage.split('\n')[0];
    const purposes = ['INDUSTRY_DEVELOPMENT', 'PUBLIC_WELFARE', 'SECTOR_DEVELOPMENT', 'PUBLIC_GOVERNANCE'];
    const lines = [header];
    for (let i = 0; i < 30_000; i++) {
      // K5 repeats at the start, middle and end of the file; K7 twice with trailing blanks on one copy.
      const id = i === 15_000 || i === 29_999 ? 'K5' : i === 20_000 ? ' K7 ' : `K${i}`;
      const month = `2025-${String(3 + (i % 9)).padStart(2, '0')}`;
      const purpose = purposes[i % 4];
      const amount = purpose.startsWith('PUBLIC') ? '0.00' : `${i % 97}.25`;
      lines.push(
        `${id},${month},P${1 + (i % 2)},,110000,U${1 + (i % 2)},BANK,${i % 3 ? '110000' : '310000'},${purpose},${i},,,${amount},,${i % 5 === 0}`,
      );
    }
    const s = await ingestFile(db, { kind: 'usage', path: writeFile(dir, 'dups.csv', lines.join('\n') + '\n') });
    expect(s).toMatchObject({ status: 'COMMITTED', rows_read: 30_000, duplicates: 5, rejected: 5, accepted: 29_995 });
    expect(s.first_rejects.map((r) => [r.line, r.value, r.reason_code])).toEqual([
      [7, 'K5', 'duplicate_key'],
      [9, 'K7', 'duplicate_key'],
      [15_002, 'K5', 'duplicate_key'],
      [20_002, 'K7', 'duplicate_key'],
      [30_001, 'K5', 'duplicate_key'],
    ]);
    const rollup = await rows('SELECT * FROM rollup_usage_month ORDER BY ALL');
    expect(rollup).toEqual(await rollupFromScratch());
    expect(
      rollup.some(
        (r) => r.use_purpose === 'PUBLIC_WELFARE' && Number(r.paid_amount_cny) === 0 && Number(r.usage_rows) > 0,
      ),
    ).toBe(true);
  });

  it('trims every Unicode space separator from both ends (and only those), and a blank value is missing', async () => {
    const header = 'org_id,uscc,name,org_role,org_type,admin_level,region_code,sector_code,is_data_group';
    const file = writeFile(
      dir,
      'org-spaces.csv',
      [
        header,
        ' O9\u00a0,X1 ,\u3000某单位\u3000,USER,BANK,,110000,,false',
        'O10,\tX2,名\u2003,USER,BANK,, 110000,,false',
        'O11\u202f,X3,\u1680A\u205f,USER,BANK,,110000,,false',
        'O12,X4,\u00a0 \u3000,USER,BANK,,110000,,false',
      ].join('\n') + '\n',
    );
    const s = await ingestFile(db, { kind: 'org', path: file });
    expect(s).toMatchObject({ inserted: 3, rejected: 1 });
    expect(s.first_rejects.map((r) => [r.line, r.field, r.reason_code])).toEqual([[5, 'name', 'missing_value']]);
    expect(await rows('SELECT org_id, uscc, name, region_code FROM org ORDER BY org_id')).toEqual([
      { org_id: 'O10', uscc: '\tX2', name: '名', region_code: '110000' },
      { org_id: 'O11', uscc: 'X3', name: 'A', region_code: '110000' },
      { org_id: 'O9', uscc: 'X1', name: '某单位', region_code: '110000' },
    ]);
  });

  it('duplicate composite keys (authorization_resource) are rejected, other rows kept', async () => {
    await startFromGood('authorization_resource');
    const file = writeFile(
      dir,
      'ar.csv',
      'auth_id,asset_uid,granted_at,revoked_at\nA1,AS1,2025-02-01,\nA1,AS2,2025-02-01,\nA1,AS1,2025-03-01,\nA2,AS1,2025-01-01,\n',
    );
    const s = await ingestFile(db, { kind: 'authorization_resource', path: file });
    expect(s).toMatchObject({ status: 'COMMITTED', duplicates: 2, inserted: 2 });
    expect(s.first_rejects.map((r) => [r.line, r.reason_code])).toEqual([
      [2, 'duplicate_key'],
      [4, 'duplicate_key'],
    ]);
  });
});
