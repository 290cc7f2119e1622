import { describe, it, expect, afterAll } from 'vitest';
import path from 'node:path';
import { AtlasDb } from '../db/database.ts';
import { queryOne } from '../db/query.ts';
import { createLogger } from '../log.ts';
import { tempDir } from '../test-support/server.ts';
import { isEmptyDatabase, loadSampleData } from './sample-bootstrap.ts';

describe('first-start sample data', () => {
  const tmp = tempDir('atlas-bootstrap-');
  afterAll(() => tmp.cleanup());

  it('generates the scale-1 sample and ingests every table cleanly into an empty database, then is not repeated', async () => {
    const file = path.join(tmp.dir, 'atlas.duckdb');
    const db = await AtlasDb.open({ path: file });
    expect(await isEmptyDatabase(db)).toBe(true);
    const summaries = await loadSampleData(db, createLogger());
    expect(summaries.map((s) => [s.kind, s.status, s.rejected])).toEqual([
      ['org', 'COMMITTED', 0],
      ['authorization', 'COMMITTED', 0],
      ['registration', 'COMMITTED', 0],
      ['authorization_resource', 'COMMITTED', 0],
      ['product', 'COMMITTED', 0],
      ['usage', 'COMMITTED', 0],
    ]);
    const counts = await db.withConnection((con) =>
      queryOne<{ usage: number; rollup_calls: number; usage_calls: number }>(
        con,
        `SELECT (SELECT count(*) FROM usage) AS usage, (SELECT sum(calls) FROM rollup_usage_month) AS rollup_calls,
                (SELECT sum(calls) FROM usage) AS usage_calls`,
      ),
    );
    // "about 100k usage rows" at scale 1, and the rollup agrees with the base table
    expect(counts!.usage).toBeGreaterThan(80_000);
    expect(counts!.usage).toBeLessThan(130_000);
    expect(counts!.rollup_calls).toBe(counts!.usage_calls);
    expect(await isEmptyDatabase(db)).toBe(false);
    db.close();
  }, 180_000);
});
