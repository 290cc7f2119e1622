import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { AtlasDb } from './database.ts';
import { listSqlFiles, sqlFile } from './sql-files.ts';
import { FACT_READERS } from '../facts/facts.ts';

// Every query under queries/ is bound (prepared) against the real schema, so a query that names a missing column or
// table fails here at once, as Mosaic's tests bind generated SQL. Schema files are executed when the database opens.
describe('every .sql file binds against the schema', () => {
  let db: AtlasDb;
  let con: DuckDBConnection;
  beforeAll(async () => {
    db = await AtlasDb.open({ path: ':memory:' });
    con = await db.connect();
    // The usage rollup joins the copy of product's sectors that an ingest makes just before it.
    await con.run(sqlFile('rollups/usage_month_product_sector'));
  });
  afterAll(() => {
    con.closeSync();
    db.close();
  });

  // portal/ queries run on the temporary tables of an import: server/ingest/portal/sql-files.test.ts binds them inside one.
  // security/ queries run on the security database: server/auth/store.test.ts binds them there.
  // Queries that read the indicator facts bind with the facts in front: server/facts/facts.test.ts binds them.
  const factReaders = new Set<string>(FACT_READERS);
  const files = listSqlFiles().filter(
    (n) => !n.startsWith('schema/') && !n.startsWith('portal/') && !n.startsWith('security/') && !factReaders.has(n),
  );
  it('finds the query files', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(listSqlFiles('schema').length).toBeGreaterThanOrEqual(15);
  });

  it.each(files)('%s', async (name) => {
    await expect(con.prepare(sqlFile(name))).resolves.toBeDefined();
  });

  it('rejects names that could leave queries/', () => {
    expect(() => sqlFile('../package')).toThrow(/invalid query name/);
    expect(() => sqlFile('meta/../../x')).toThrow(/invalid query name/);
  });
});
