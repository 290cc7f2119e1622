import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AtlasDb } from '../db/database.ts';
import { AnalystSandbox } from './sandbox.ts';
import { loadWorkbenchData } from './test-data.ts';
import { maxRssFromEnv, residentMb, sizeMb } from './worker-host.ts';

describe('the SQL worker process', () => {
  let db: AtlasDb;
  let sandbox: AnalystSandbox;

  beforeAll(async () => {
    db = await AtlasDb.open({ path: ':memory:' });
    await loadWorkbenchData(db, 2_000);
    sandbox = new AnalystSandbox(db, {
      maxRssMb: 700,
      config: { memoryLimit: '256MB', threads: 1, maxTempSize: '1GB' },
    });
  });
  afterAll(async () => {
    await sandbox.close();
    db.close();
  });

  it('runs analyst queries in a child process, not in the server', async () => {
    const r = await sandbox.run('SELECT count(*) AS n FROM usage');
    expect(r.table.get(0)!.toJSON()).toEqual({ n: 2_000n });
    const pid = sandbox.worker.pid!;
    expect(pid).not.toBe(process.pid);
    expect(residentMb(pid)).toBeGreaterThan(10);
  });

  it('keeps the same worker after a cancel and a timeout that interrupts work', async () => {
    const pid = sandbox.worker.pid;
    const running = sandbox.run('SELECT count(*) FROM range(1000000000000) a, range(1000) b', { queryId: 'long-one' });
    await new Promise((r) => setTimeout(r, 200));
    expect(sandbox.cancel('long-one')).toBe('running');
    await expect(running).rejects.toMatchObject({ code: 'query_cancelled' });
    await expect(
      sandbox.run('SELECT count(*) FROM range(1000000000000) a, range(1000) b', { timeoutMs: 200 }),
    ).rejects.toMatchObject({ code: 'query_timeout' });
    expect((await sandbox.run('SELECT 7 AS x')).table.get(0)!.toJSON()).toEqual({ x: 7 });
    expect(sandbox.worker.pid).toBe(pid);
  });

  it('kills the worker past its memory limit, tells every query it ran why, and starts a fresh one', async () => {
    const pid = sandbox.worker.pid;
    const innocent = sandbox.run('SELECT count(*) FROM range(1000000000000) a, range(1000) b', { timeoutMs: 60_000 });
    const hog = sandbox.run('SELECT len(range(1000000000)) AS n', { timeoutMs: 60_000 });
    await expect(hog).rejects.toMatchObject({ code: 'query_memory_limit', status: 400 });
    await expect(innocent).rejects.toMatchObject({
      code: 'query_memory_limit',
      message: expect.stringMatching(/or one of the 1 other queries running beside it/),
    });
    expect(sandbox.worker.lastExit?.reason).toBe('memory');
    expect((await sandbox.run('SELECT count(*) AS n FROM usage')).table.get(0)!.toJSON()).toEqual({ n: 2_000n });
    expect(sandbox.worker.pid).not.toBe(pid);
  });

  it('removes its folders when closed', async () => {
    const other = new AnalystSandbox(db, { maxRssMb: 700 });
    await other.run('SELECT 1');
    const dirs = [other.worker.tmpDir, other.worker.handoffDir];
    await other.close();
    for (const d of dirs) expect(fs.existsSync(d), d).toBe(false);
  });

  it("sizes its default memory limit from DuckDB's memory_limit", () => {
    expect(sizeMb('1GB')).toBe(1024);
    expect(sizeMb('256MB')).toBe(256);
    expect(sizeMb('1.5 GiB')).toBe(1536);
    expect(sizeMb('lots')).toBeNull();
    const before = process.env.ATLAS_SQL_MAX_RSS_MB;
    delete process.env.ATLAS_SQL_MAX_RSS_MB;
    try {
      expect(maxRssFromEnv({ memoryLimit: '1GB', threads: 1, maxTempSize: '2GB' })).toBe(2560);
      process.env.ATLAS_SQL_MAX_RSS_MB = '900';
      expect(maxRssFromEnv({ memoryLimit: '1GB', threads: 1, maxTempSize: '2GB' })).toBe(900);
    } finally {
      if (before === undefined) delete process.env.ATLAS_SQL_MAX_RSS_MB;
      else process.env.ATLAS_SQL_MAX_RSS_MB = before;
    }
  });
});

describe('temporary folders a killed server left', () => {
  it('are removed when the next server starts its analyst sandbox, and live ones are kept', () => {
    // the id of a process that has ended
    const dead = spawnSync('true').pid!;
    const roots = [os.tmpdir(), ...(fs.existsSync('/dev/shm') ? ['/dev/shm'] : [])];
    const leftovers = roots.flatMap((root) => [
      path.join(root, `atlas-sql-${dead}-AbC123`),
      path.join(root, `atlas-sql-handoff-${dead}-XyZ789`),
      path.join(root, `atlas-analyst-${dead}-0a1b2c3d`),
    ]);
    // this test process runs: its folders stay
    const live = path.join(os.tmpdir(), `atlas-sql-${process.pid}-keep01`);
    for (const dir of [...leftovers, live]) {
      fs.mkdirSync(path.join(dir, 'export-q1'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'export-q1', 'result.csv'), 'a\n1\n');
    }
    try {
      // a server start, as far as the SQL side goes: a fresh process opens a database and its analyst sandbox
      const script = `
        import { AtlasDb } from ${JSON.stringify(new URL('../db/database.ts', import.meta.url).href)};
        import { AnalystSandbox } from ${JSON.stringify(new URL('./sandbox.ts', import.meta.url).href)};
        const db = await AtlasDb.open({ path: ':memory:' });
        const sandbox = new AnalystSandbox(db);
        await sandbox.close();
        db.close();`;
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        env: { ...process.env, UV_THREADPOOL_SIZE: '16' },
        stdio: 'pipe',
      });
      for (const dir of leftovers) expect(fs.existsSync(dir), dir).toBe(false);
      expect(fs.existsSync(live)).toBe(true);
    } finally {
      for (const dir of [...leftovers, live]) fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
