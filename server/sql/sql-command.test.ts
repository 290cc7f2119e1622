import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import { AtlasDb } from '../db/database.ts';
import { runAtlas, spawnAtlas, type AtlasRun } from '../test-support/cli.ts';
import { tempDir } from '../test-support/server.ts';
import { AnalystSandbox } from './sandbox.ts';
import { loadWorkbenchData } from './test-data.ts';

// `atlas sql` on a real database file. The server's lock is per process, so the test of a server holding the database
// runs the command as a user does, in a separate process; the others run it in this process through runCli.
const tmp = tempDir('atlas-sql-cli-');
const dbFile = path.join(tmp.dir, 'atlas.duckdb');
const env = { ATLAS_DB: dbFile, ATLAS_LOG_LEVEL: 'silent' };

const result = (r: AtlasRun) => ({ code: r.code, out: r.stdout, err: r.stderr });
const atlas = async (...args: string[]) => result(await runAtlas(['sql', ...args], env));
const atlasProcess = async (...args: string[]) => result(await spawnAtlas(['sql', ...args], env));

describe('atlas sql', () => {
  beforeAll(async () => {
    const db = await AtlasDb.open({ path: dbFile });
    await loadWorkbenchData(db, 1_000);
    db.close();
  });
  afterAll(() => tmp.cleanup());

  it('prints CSV, notes a hit row cap on stderr, and prints JSON on request', async () => {
    const csv = await atlas('SELECT region_code, name_en_short FROM ref_region ORDER BY region_code', '--limit', '3');
    expect(csv.code).toBe(0);
    expect(csv.out).toBe('region_code,name_en_short\r\n000000,National\r\n110000,Beijing\r\n120000,Tianjin\r\n');
    expect(csv.err).toMatch(/only the first 3 rows/);
    const json = await atlas('SELECT count(*) AS n FROM usage', '--format', 'json');
    expect(JSON.parse(json.out)).toMatchObject({ rows: [{ n: 1000 }], truncated: false });
  });

  it('follows the workbench rules: refuses writes and file reads, reports errors with position, stops at the timeout', async () => {
    const del = await atlas('DELETE FROM usage');
    expect(del.code).toBe(1);
    expect(del.err).toMatch(/DELETE statements are not allowed/);
    expect((await atlas("SELECT * FROM read_csv('/etc/passwd')")).err).toMatch(/disabled by configuration/);
    const bad = await atlas('SELECT 1,\n nope');
    expect(bad.err).toMatch(/at line 2, column 2/);
    const slow = await atlas('SELECT count(*) FROM range(1000000000000) a, range(1000) b', '--timeout', '500');
    expect(slow.code).toBe(1);
    expect(slow.err).toMatch(/stopped after 500 ms/);
    expect((await atlas('--format', 'xml', 'SELECT 1')).code).toBe(2);
  });

  it("reads the server's analyst snapshot while a server holds the database, and says so", async () => {
    const db = await AtlasDb.open({ path: dbFile });
    const sandbox = new AnalystSandbox(db);
    try {
      const noSnapshotYet = await atlasProcess('SELECT 1');
      expect(noSnapshotYet.code).toBe(1);
      expect(noSnapshotYet.err).toMatch(/in use by another process \(PID \d+\) and it has no analyst snapshot yet/);
      await sandbox.run('SELECT 1');
      // building the snapshot copied the live file; the server must still hold its lock afterwards
      const r = await atlasProcess('SELECT count(*) AS n FROM usage');
      expect(r.code).toBe(0);
      expect(r.out).toBe('n\r\n1000\r\n');
      expect(r.err).toMatch(/held by a running server \(PID \d+\); reading its analyst snapshot from/);
    } finally {
      await sandbox.close();
      db.close();
    }
  });
});
