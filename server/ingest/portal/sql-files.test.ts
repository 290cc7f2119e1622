// The portal queries run on the temporary tables of one import (portal_raw → portal_stage → … → portal_accepted) and on
// the macros it defines, so the generic check in server/db/sql-files.test.ts leaves them out; here every one of them is
// bound (prepared) on a connection where a small catalogue has just been mapped.
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtlasDb } from '../../db/database.ts';
import { listSqlFiles, sqlFile } from '../../db/sql-files.ts';
import { tempDir } from '../../test-support/server.ts';
import { FIXTURE, wrapperLine } from './fixtures.test-support.ts';
import { mapCatalog } from './map-catalog.ts';

describe('every portal query binds inside an import', () => {
  const tmp = tempDir('atlas-portal-sql-');
  let db: AtlasDb;
  let con: DuckDBConnection;
  beforeAll(async () => {
    db = await AtlasDb.open({ path: ':memory:' });
    con = await db.connect();
    const file = path.join(tmp.dir, 'small.jsonl');
    fs.writeFileSync(file, FIXTURE.map(wrapperLine).join('\n'));
    await mapCatalog(con, file, 'ndjson', 'small.jsonl', {});
  });
  afterAll(() => {
    con.closeSync();
    db.close();
    tmp.cleanup();
  });

  const files = listSqlFiles('portal');
  it('finds them', () => {
    expect(files.length).toBeGreaterThan(20);
  });
  it.each(files)('%s', async (name) => {
    await expect(con.prepare(sqlFile(name))).resolves.toBeDefined();
  });
});
