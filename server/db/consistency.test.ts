// The consistency checks on real sample data: a whole database passes every one, and each kind of damage a killed or
// broken writer could leave is named by its check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadSampleData } from '../api/sample-bootstrap.ts';
import { createLogger } from '../log.ts';
import { runAtlas } from '../test-support/cli.ts';
import { tempDir } from '../test-support/server.ts';
import { checkConsistency } from './consistency.ts';
import { AtlasDb } from './database.ts';

let db: AtlasDb;
beforeAll(async () => {
  db = await AtlasDb.open({ path: ':memory:' });
  await loadSampleData(db, createLogger('silent'), { scale: 0.05 });
}, 120_000);
afterAll(() => db.close());

const problemsOf = async (check: string) => (await checkConsistency(db)).find((r) => r.check === check)!.problems;
const run = (sql: string) => db.withConnection((con) => con.run(sql));

describe('checkConsistency', () => {
  it('finds nothing wrong with freshly loaded sample data, and runs every check', async () => {
    const results = await checkConsistency(db);
    expect(results.map((r) => r.check)).toEqual([
      'rollup_usage_month',
      'rows_outside_committed_batches',
      'unfinished_batches',
    ]);
    expect(results.flatMap((r) => r.problems)).toEqual([]);
  });

  it('names a rollup group that no longer matches its usage rows', async () => {
    await run(`UPDATE rollup_usage_month SET calls = calls + 1
               WHERE rowid = (SELECT min(rowid) FROM rollup_usage_month)`);
    const problems = await problemsOf('rollup_usage_month');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^usage rollup \d{4}-\d{2}-01 .* rollup has \d+ rows, \d+ calls/);
    await run(`UPDATE rollup_usage_month SET calls = calls - 1
               WHERE rowid = (SELECT min(rowid) FROM rollup_usage_month)`);
    expect(await problemsOf('rollup_usage_month')).toEqual([]);
  });

  it('names rows of a batch that did not commit, and a batch left without an end', async () => {
    const [{ id }] = await db.withConnection(async (con) =>
      (await con.runAndReadAll('SELECT max(batch_id) + 1 AS id FROM ingest_batch')).getRowObjectsJS(),
    );
    await run(`INSERT INTO ingest_batch (batch_id, kind, file_name, content_hash, file_bytes, status, started_at)
               VALUES (${Number(id)}, 'org', 'half.csv', 'x', 1, 'RUNNING', now())`);
    await run(`UPDATE org SET batch_id = ${Number(id)} WHERE rowid = (SELECT min(rowid) FROM org)`);
    expect(await problemsOf('unfinished_batches')).toEqual([
      expect.stringMatching(new RegExp(`^batch ${id} \\(org of half.csv\\) has status RUNNING and finished_at NULL$`)),
    ]);
    expect(await problemsOf('rows_outside_committed_batches')).toEqual([
      `1 rows of org belong to batch ${id} (RUNNING)`,
    ]);
  });
});

describe('atlas check', () => {
  it('reports each check and exits 0 on a whole database, 1 naming the problem on a damaged one', async () => {
    const tmp = tempDir('atlas-check-');
    try {
      const file = path.join(tmp.dir, 'atlas.duckdb');
      const fileDb = await AtlasDb.open({ path: file });
      await loadSampleData(fileDb, createLogger('silent'), { scale: 0.02 });
      fileDb.close();
      const whole = await runAtlas(['check'], { ATLAS_DB: file });
      expect(whole.stdout).toBe(
        'ok      rollup_usage_month\nok      rows_outside_committed_batches\nok      unfinished_batches\n',
      );
      expect(whole.code).toBe(0);

      const damaged = await AtlasDb.open({ path: file });
      await damaged.withConnection((con) => con.run('DELETE FROM rollup_usage_month WHERE rowid = 0'));
      damaged.close();
      const json = await runAtlas(['check', '--json'], { ATLAS_DB: file });
      expect(json.code).toBe(1);
      const report = JSON.parse(json.stdout) as { ok: boolean; checks: { check: string; problems: string[] }[] };
      expect(report.ok).toBe(false);
      expect(report.checks.find((c) => c.check === 'rollup_usage_month')!.problems).toEqual([
        expect.stringMatching(/: rollup has 0 rows, 0 calls, 0.00 CNY; usage has [1-9]\d* rows/),
      ]);
    } finally {
      tmp.cleanup();
    }
  });
});
