import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { AtlasDb } from '../db/database.ts';
import { ORDER, type GoodState } from '../ingest/fixtures.ts';

/**
 * A database of its own in dir holding the good ingestion fixtures of every kind before `until` (all of them by
 * default): what `loadGood(db, dir, until)` writes into a fresh database, copied from the file built once per run
 * (global-setup.ts). Batch numbers, file names and content are those loadGood gives. Before the first kind there is
 * nothing to copy, and a fresh in-memory database opens faster than a file.
 */
export async function openGoodCopy(dir: string, until: GoodState = 'all'): Promise<AtlasDb> {
  if (until === ORDER[0]) return AtlasDb.open({ path: ':memory:' });
  const built = inject('goodDatabases');
  if (!built)
    throw new Error('the shared fixture databases are missing: run this test in the server project (vite.config.ts)');
  const file = path.join(fs.mkdtempSync(path.join(dir, 'good-')), 'atlas.duckdb');
  fs.copyFileSync(built[until], file);
  return AtlasDb.open({ path: file });
}
