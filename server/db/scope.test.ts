import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtlasDb } from './database.ts';
import { queryRows } from './query.ts';
import { quoteIdent } from './sql-text.ts';
import {
  batchScopeWithin,
  historyScopePredicate,
  inScope,
  RECORD_KEY_COLUMNS,
  REGION_OF,
  SCOPED_TABLES,
  scopeKey,
  scopePredicate,
  scopeWithin,
} from './scope.ts';
import { insertRecords } from '../indicators/test-records.ts';
import { KINDS } from '../ingest/kinds.ts';

let db: AtlasDb;
beforeAll(async () => {
  db = await AtlasDb.open({ path: ':memory:' });
});
afterAll(() => db.close());

describe('regional scope', () => {
  it('binds a predicate for every scoped table against the schema', async () => {
    expect(Object.keys(REGION_OF).sort()).toEqual([...SCOPED_TABLES].sort());
    for (const table of SCOPED_TABLES) {
      const rows = await db.withConnection((con) =>
        queryRows(con, `SELECT count(*) AS n FROM ${quoteIdent(table)} t WHERE ${scopePredicate(table)}`, {
          scope: ['510000'],
        }),
      );
      expect(rows[0].n, table).toBe(0);
    }
  });

  it("puts a product and a granted resource in their authorization's region", async () => {
    await db.withConnection(async (con) => {
      await insertRecords(con, 'authorization', [
        { auth_id: 'A-SC', region_code: '510000', term_start: '2025-01-01', term_end: '2029-12-31' },
        { auth_id: 'A-GD', region_code: '440000', term_start: '2025-01-01', term_end: '2029-12-31' },
      ]);
      await insertRecords(con, 'product', [
        { product_id: 'P1', auth_id: 'A-SC', sector_code: 'DEX05' },
        { product_id: 'P2', auth_id: 'A-GD', sector_code: 'DEX05' },
      ]);
    });
    const products = await db.withConnection((con) =>
      queryRows(con, `SELECT product_id FROM product t WHERE ${scopePredicate('product')}`, { scope: ['510000'] }),
    );
    expect(products).toEqual([{ product_id: 'P1' }]);
  });

  it('puts an old version in its own region, through its authorization for a product', async () => {
    await db.withConnection((con) =>
      con.run(`INSERT INTO record_history VALUES
        ('org', 'O1', 1, 2, now(), '{"org_id": "O1", "region_code": "510000"}'),
        ('org', 'O2', 1, 2, now(), '{"org_id": "O2", "region_code": "440000"}'),
        ('product', 'P8', 1, 2, now(), '{"product_id": "P8", "auth_id": "A-SC"}'),
        ('product', 'P9', 1, 2, now(), '{"product_id": "P9", "auth_id": "A-GD"}'),
        ('usage', 'U1', 1, 2, now(), '{"usage_id": "U1", "provider_region_code": "510000"}'),
        ('elsewhere', 'X', 1, 2, now(), '{"region_code": "510000"}')`),
    );
    const keys = await db.withConnection((con) =>
      queryRows(con, `SELECT record_key FROM record_history t WHERE ${historyScopePredicate()} ORDER BY 1`, {
        scope: ['510000'],
      }),
    );
    expect(keys.map((r) => r.record_key)).toEqual(['O1', 'P8', 'U1']);
  });

  it('finds a batch within a scope only when it could load regions of that scope alone', async () => {
    const rows = await db.withConnection((con) =>
      queryRows(
        con,
        `SELECT i FROM (VALUES (1, NULL::VARCHAR[]), (2, []::VARCHAR[]), (3, ['510000']), (4, ['510000', '440000']),
          (5, ['440000'])) v(i, s) WHERE ${batchScopeWithin('s')} ORDER BY i`,
        { scope: ['510000', '500000'] },
      ),
    );
    expect(rows).toEqual([{ i: 3 }]);
  });

  it('keys records as ingestion keys them', () => {
    expect(RECORD_KEY_COLUMNS).toEqual(Object.fromEntries(Object.values(KINDS).map((k) => [k.table, k.key])));
  });

  it('compares scopes', () => {
    expect(inScope(null, '440000')).toBe(true);
    expect(inScope(['510000'], '440000')).toBe(false);
    expect(inScope(['510000'], null)).toBe(false);
    expect(scopeWithin(['510000'], ['510000', '440000'])).toBe(true);
    expect(scopeWithin(null, ['510000'])).toBe(false);
    expect(scopeWithin(['510000'], null)).toBe(true);
    expect(scopeKey(['510000', '440000', '510000'])).toBe('440000,510000');
    expect(scopeKey(null)).toBe('national');
  });
});
