// A kill -9 in the middle of a large ingest, and a disk that fills up during one, leave the database exactly as
// before; the same file then ingests cleanly. File databases, a real child process, a real small filesystem.
import { describe, it, expect, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AtlasDb } from '../db/database.ts';
import { ROOT } from '../db/paths.ts';
import { quoteString } from '../db/sql-text.ts';
import { tempDir } from '../test-support/server.ts';
import { fingerprint, loadGood } from './fixtures.ts';
import { ingestFile } from './pipeline.ts';

const tmp = tempDir('atlas-durability-');
afterAll(() => tmp.cleanup());

/** A usage Parquet file of n rows whose references all resolve against the fixtures. */
async function writeUsageParquet(db: AtlasDb, file: string, n: number) {
  await db.withConnection((con) =>
    con.run(`COPY (
      SELECT 'K' || i AS usage_id, DATE '2025-03-01' + INTERVAL (i % 12) MONTH AS period_month,
             CASE WHEN i % 3 = 0 THEN 'P2' ELSE 'P1' END AS product_id, NULL::VARCHAR AS auth_id,
             '110000' AS provider_region_code, CASE WHEN i % 2 = 0 THEN 'U1' ELSE 'U2' END AS user_org_id,
             CASE WHEN i % 2 = 0 THEN 'BANK' ELSE 'ENTERPRISE' END AS user_type,
             CASE WHEN i % 7 = 0 THEN '310000' ELSE '110000' END AS user_region_code,
             CASE WHEN i % 10 = 0 THEN 'PUBLIC_GOVERNANCE' ELSE 'INDUSTRY_DEVELOPMENT' END AS use_purpose,
             (i % 5000)::BIGINT AS calls, (i % 50000)::BIGINT AS records_delivered, (i % 100) / 10.0 AS data_volume_gb,
             CAST(CASE WHEN i % 10 = 0 THEN 0 ELSE (i % 9000) / 4.0 END AS DECIMAL(18, 2)) AS amount_cny,
             0.99 AS success_rate, i % 11 = 0 AS new_user
      FROM range(${n}) t(i)) TO ${quoteString(file)} (FORMAT parquet)`),
  );
}

/**
 * Start `atlas ingest usage` in a child process and kill -9 it once it reports progress from inside the transaction
 * (validating or writing rows). 'locked' when it could not open the database because another handle still held it.
 */
function ingestUntilKilled(dbFile: string, parquet: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'server/cli/main.ts'), 'ingest', 'usage', parquet],
    {
      cwd: ROOT,
      env: { ...process.env, ATLAS_DB: dbFile, ATLAS_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise<{ killedAt: string; exited: typeof exited; readonly stdout: string } | 'locked'>(
    (resolve, reject) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        const m = /: (validating|writing), (\d+) rows read/.exec(stderr);
        if (m) {
          child.kill('SIGKILL');
          resolve({
            killedAt: m[0],
            exited,
            get stdout() {
              return stdout;
            },
          });
        }
      });
      child.on('exit', () =>
        /is in use by another process/.test(stderr)
          ? resolve('locked')
          : reject(new Error(`the ingest ended before it could be killed:\n${stderr}`)),
      );
    },
  );
}

describe('transactional ingestion', () => {
  it('kill -9 during a large ingest leaves the database as before; the same file then ingests cleanly', async () => {
    const dir = fs.mkdtempSync(path.join(tmp.dir, 'kill-'));
    const dbFile = path.join(dir, 'atlas.duckdb');
    const parquet = path.join(dir, 'usage-large.parquet');
    const ROWS = 2_000_000;
    let db = await AtlasDb.open({ path: dbFile });
    await loadGood(db, dir, 'usage');
    await writeUsageParquet(db, parquet, ROWS);
    const before = await fingerprint(db);
    db.close();

    // The file lock of the closed instance was once still held when the child opened the file (CI under load): a child
    // that finds it locked is started again, as the kill is what this test is about.
    let run: Awaited<ReturnType<typeof ingestUntilKilled>> = 'locked';
    for (let attempt = 0; run === 'locked' && attempt < 20; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, 500));
      run = await ingestUntilKilled(dbFile, parquet);
    }
    if (run === 'locked') throw new Error('the database file stayed locked after db.close()');
    const end = await run.exited;
    expect(end.signal).toBe('SIGKILL');
    expect(run.stdout).toBe(''); // it never printed a summary: it was killed before committing
    expect(run.killedAt).toMatch(/validating|writing/);

    db = await AtlasDb.open({ path: dbFile });
    expect(await fingerprint(db)).toEqual(before);
    const s = await ingestFile(db, { kind: 'usage', path: parquet });
    expect(s).toMatchObject({ status: 'COMMITTED', inserted: ROWS, rejected: 0, rows_read: ROWS });
    const after = await fingerprint(db);
    expect(after.usage.rows).toBe(before.usage.rows + ROWS);
    db.close();
  }, 300_000);

  it('a full disk in the middle of an ingest leaves the database as before', async ({ skip }) => {
    const mount = fs.mkdtempSync(path.join(tmp.dir, 'small-fs-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=12m', 'tmpfs', mount], { encoding: 'utf8' });
    if (mounted.status !== 0) {
      // Counted as skipped (CI's summary line says so); the transactional guarantee is still covered by the kill test
      // and the failure-before-commit test.
      skip(`cannot mount a small tmpfs (${(mounted.stderr || mounted.error?.message || '').trim()})`);
    }
    let db: AtlasDb | undefined;
    try {
      const dbFile = path.join(mount, 'atlas.duckdb');
      const parquet = path.join(tmp.dir, 'usage-disk.parquet');
      db = await AtlasDb.open({ path: dbFile });
      await loadGood(db, fs.mkdtempSync(path.join(tmp.dir, 'disk-')), 'usage');
      // 1.2M varied rows take about 11 MB in DuckDB's file (measured: 2M took 18 MB), more than the 7 MB left.
      await writeUsageParquet(db, parquet, 1_200_000);
      await db.withConnection((con) => con.run('CHECKPOINT'));
      const before = await fingerprint(db);
      const failed = await ingestFile(db, { kind: 'usage', path: parquet }).then(
        (s) => ({ ok: true as const, s }),
        (err: Error) => ({ ok: false as const, err }),
      );
      expect(failed.ok, 'the ingest should not fit in 12 MB').toBe(false);
      if (!failed.ok) expect(failed.err.message).toMatch(/left unchanged: .*(No space left|disk|write)/i);
      db.close();
      // Read-only: the disk is still full, and opening for writing refreshes the reference tables.
      db = await AtlasDb.open({ path: dbFile, readOnly: true });
      expect(await fingerprint(db)).toEqual(before);
      db.close();
    } finally {
      db?.close();
      spawnSync('umount', [mount]);
    }
  }, 300_000);
});
