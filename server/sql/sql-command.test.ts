import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { AtlasDb } from '../db/database.ts';
import { ROOT } from '../db/paths.ts';
import { tempDir } from '../test-support/server.ts';
import { AnalystSandbox } from './sandbox.ts';
import { loadWorkbenchData } from './test-data.ts';

// `atlas sql` as a user runs it: a separate process on a real database file.
const tmp = tempDir('atlas-sql-cli-');
const dbFile = path.join(tmp.dir, 'atlas.duckdb');

function atlas(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', 'sql', ...args], {
    cwd: ROOT,
    env: { ...process.env, ATLAS_DB: dbFile, ATLAS_LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('atlas sql', () => {
  beforeAll(async () => {
    const db = await AtlasDb.open({ path: dbFile });
    await loadWorkbenchData(db, 1_000);
    db.close();
  });
  afterAll(() => tmp.cleanup());

  it('prints CSV, notes a hit row cap on stderr, and prints JSON on request', () => {
    const csv = atlas('SELECT region_code, name_en_short FROM ref_region ORDER BY region_code', '--limit', '3');
    expect(csv.code).toBe(0);
    expect(csv.out).toBe('region_code,name_en_short\r\n000000,National\r\n110000,Beijing\r\n120000,Tianjin\r\n');
    expect(csv.err).toMatch(/only the first 3 rows/);
    const json = atlas('SELECT count(*) AS n FROM usage', '--format', 'json');
    expect(JSON.parse(json.out)).toMatchObject({ rows: [{ n: 1000 }], truncated: false });
  });

  it('follows the workbench rules: refuses writes and file reads, reports errors with position, stops at the timeout', () => {
    const del = atlas('DELETE FROM usage');
    expect(del.code).toBe(1);
    expect(del.err).toMatch(/DELETE statements are not allowed/);
    expect(atlas("SELECT * FROM read_csv('/etc/passwd')").err).toMatch(/disabled by configuration/);
    const bad = atlas('SELECT 1,\n nope');
    expect(bad.err).toMatch(/at line 2, column 2/);
    const slow = atlas('SELECT count(*) FROM range(1000000000000) a, range(1000) b', '--timeout', '500');
    expect(slow.code).toBe(1);
    expect(slow.err).toMatch(/stopped after 500 ms/);
    expect(atlas('--format', 'xml', 'SELECT 1').code).toBe(2);
  });

  it("reads the server's analyst snapshot while a server holds the database, and says so", async () => {
    const db = await AtlasDb.open({ path: dbFile });
    const sandbox = new AnalystSandbox(db);
    try {
      const noSnapshotYet = atlas('SELECT 1');
      expect(noSnapshotYet.code).toBe(1);
      expect(noSnapshotYet.err).toMatch(/in use by another process \(PID \d+\) and it has no analyst snapshot yet/);
      await sandbox.run('SELECT 1');
      // building the snapshot copied the live file; the server must still hold its lock afterwards
      const r = atlas('SELECT count(*) AS n FROM usage');
      expect(r.code).toBe(0);
      expect(r.out).toBe('n\r\n1000\r\n');
      expect(r.err).toMatch(/held by a running server \(PID \d+\); reading its analyst snapshot from/);
    } finally {
      await sandbox.close();
      db.close();
    }
  });
});
