import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { quoteString } from '../db/sql-text.ts';
import { AtlasDb } from '../db/database.ts';
import { tempDir } from '../test-support/server.ts';
import { AnalystSandbox } from './sandbox.ts';
import { loadWorkbenchData } from './test-data.ts';

describe('analyst sandbox on a file database', () => {
  const tmp = tempDir('atlas-sandbox-');
  let db: AtlasDb;
  let sandbox: AnalystSandbox;
  beforeAll(async () => {
    db = await AtlasDb.open({ path: path.join(tmp.dir, 'atlas.duckdb') });
    await loadWorkbenchData(db, 5_000);
    // the first query also waits for the worker to start: on a loaded machine that alone can take several seconds
    sandbox = new AnalystSandbox(db, { limits: { defaultTimeoutMs: 30_000 } });
  });
  afterAll(async () => {
    await sandbox.close();
    db.close();
    tmp.cleanup();
  });

  it('reads a snapshot copy next to the database, never the live file', async () => {
    const r = await sandbox.run('SELECT count(*) AS n FROM usage');
    expect(r.table.get(0)!.toJSON()).toEqual({ n: 5_000n });
    const files = fs.readdirSync(path.join(tmp.dir, 'atlas.analyst'));
    expect(files.some((f) => /^snapshot-\d+-\d+\.duckdb$/.test(f))).toBe(true);
  });

  it('makes no snapshot folder until the first analyst query', async () => {
    const file = path.join(tmp.dir, 'lazy.duckdb');
    const other = await AtlasDb.open({ path: file });
    const lazy = new AnalystSandbox(other);
    try {
      expect(fs.existsSync(path.join(tmp.dir, 'lazy.analyst'))).toBe(false);
      await lazy.run('SELECT 1');
      expect(fs.existsSync(path.join(tmp.dir, 'lazy.analyst'))).toBe(true);
    } finally {
      await lazy.close();
      other.close();
    }
  });

  it('caps rows, says so, and keeps ORDER BY order under the cap', async () => {
    const r = await sandbox.run('SELECT usage_id, calls FROM usage ORDER BY calls DESC, usage_id', { limit: 7 });
    expect(r.table.numRows).toBe(7);
    expect(r.truncated).toBe(true);
    const calls = [...(r.table.getChild('calls')!.toArray() as BigInt64Array)];
    expect(calls).toEqual([...calls].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    const exact = await sandbox.run('SELECT * FROM range(7)', { limit: 7 });
    expect(exact).toMatchObject({ truncated: false });
    expect(exact.table.numRows).toBe(7);
  });

  it('caps statements that cannot be wrapped (trailing semicolon, EXPLAIN) by reading only limit+1 rows', async () => {
    const r = await sandbox.run('SELECT * FROM range(100000000) -- a hundred million;\n;', { limit: 1000 });
    expect(r.table.numRows).toBe(1000);
    expect(r.truncated).toBe(true);
    const plan = await sandbox.run('EXPLAIN SELECT sum(calls) FROM usage');
    expect(plan.meta.statement_type).toBe('EXPLAIN');
    expect(plan.table.numRows).toBeGreaterThan(0);
  });

  it('makes repeated column names unique', async () => {
    for (const sql of ['SELECT 1 AS a, 2 AS a, 3 AS A', 'SELECT 1 AS a, 2 AS a, 3 AS A;']) {
      const r = await sandbox.run(sql);
      expect(r.table.schema.fields.map((f) => f.name)).toEqual(['a', 'a_1', 'A_2']);
    }
  });

  it('shows no absolute path, process id or home folder in catalogue answers and refusals', async () => {
    const home = os.homedir();
    const secrets = [tmp.dir, home, os.tmpdir(), String(process.pid), String(sandbox.worker.pid)];
    const shown: string[] = [];
    for (const sql of [
      'SELECT current_database() AS d',
      'SELECT * FROM pragma_database_size()',
      `SELECT DISTINCT database_name FROM duckdb_tables()`,
      'SHOW ALL TABLES',
    ]) {
      const r = await sandbox.run(sql);
      shown.push(JSON.stringify(r.table.toArray(), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
    }
    expect(shown[0]).toContain('"atlas"');
    for (const sql of [
      'SELECT * FROM duckdb_settings()',
      'SELECT path FROM duckdb_databases()',
      // reads duckdb_databases(), whose path column cannot be left out of a plan
      'SHOW DATABASES',
      `SELECT current_setting('temp_directory')`,
      `SELECT current_setting('allowed_paths')`,
      'SELECT * FROM duckdb_extensions()',
      'SELECT * FROM duckdb_temporary_files()',
      `SELECT * FROM read_text('~/.profile')`,
      `SELECT * FROM read_blob(${quoteString(path.join(tmp.dir, 'atlas.analyst', '*'))})`,
    ]) {
      const err = await sandbox.run(sql).then(
        () => null,
        (e: unknown) => e as Error & { code: string },
      );
      expect(err, sql).not.toBeNull();
      expect(err!.code, sql).toBe('sql_refused');
      shown.push(err!.message.replaceAll(path.join(tmp.dir, 'atlas.analyst', '*'), '<the text>'));
    }
    for (const text of shown) for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it('refuses every file reader, also on the spill folder and the snapshot file', async () => {
    const snapshot = fs
      .readdirSync(path.join(tmp.dir, 'atlas.analyst'))
      .find((f) => /^snapshot-\d+-\d+\.duckdb$/.test(f))!;
    const targets = [
      // the sandbox's spill folder, relative to the worker's folder and as DuckDB allows it
      'open-*/atlas.duckdb.tmp/*',
      path.join(tmp.dir, 'atlas.analyst', snapshot),
      path.join(tmp.dir, 'atlas.analyst', '*'),
    ];
    const readers = ['read_blob', 'read_text', 'glob', 'read_csv', 'read_parquet', 'read_json', 'parquet_metadata'];
    for (const target of targets) {
      for (const fn of readers) {
        await expect(
          sandbox.run(`SELECT * FROM ${fn}(${quoteString(target)})`),
          `${fn} ${target}`,
        ).rejects.toMatchObject({
          code: 'sql_refused',
        });
      }
    }
    // the spill folder by its exact name, which DuckDB allows whatever the settings: the plan check refuses it
    const open = fs.readdirSync(path.join(tmp.dir, 'atlas.analyst')).filter((f) => f.startsWith('open-'));
    expect(open.length).toBeGreaterThan(0);
    for (const folder of open) {
      for (const spill of [
        `${folder}/atlas.duckdb.tmp/*`,
        path.join(tmp.dir, 'atlas.analyst', folder, 'atlas.duckdb.tmp/*'),
      ])
        for (const fn of ['read_blob', 'glob', 'read_text'])
          await expect(sandbox.run(`SELECT * FROM ${fn}(${quoteString(spill)})`), spill).rejects.toMatchObject({
            code: 'sql_refused',
            message: expect.stringMatching(new RegExp(`^${fn}\\(\\) is not available`)),
          });
    }
    for (const sql of [
      `CREATE TEMP MACRO g(p) AS TABLE SELECT * FROM glob(p); SELECT * FROM g('x')`,
      `SELECT * FROM query('SELECT 1')`,
      `SELECT * FROM enable_profiling()`,
    ])
      await expect(sandbox.run(sql), sql).rejects.toMatchObject({ code: 'sql_refused' });
  });

  it('exports a PIVOT without an IN list and a query after temporary macros as CSV and Parquet', async () => {
    const cases = [
      ['PIVOT usage ON user_type USING count(*) GROUP BY use_purpose ORDER BY use_purpose', 2],
      ['CREATE TEMP MACRO twice(x) AS x * 2; SELECT twice(calls) AS c FROM usage ORDER BY c DESC LIMIT 3', 3],
    ] as const;
    for (const [sql, rows] of cases) {
      for (const format of ['csv', 'parquet'] as const) {
        let text = '';
        const r = await sandbox.export(
          sql,
          format,
          {},
          {
            onStarted: () => undefined,
            onBatch: async () => undefined,
            onFile: async (file) => void (text = fs.readFileSync(file, 'latin1')),
          },
        );
        expect(r.rows, `${format} ${sql}`).toBe(rows);
        if (format === 'csv')
          expect(text.split('\r\n')[0]).toMatch(/use_purpose,ENTERPRISE,GOVERNMENT,INDIVIDUAL|^\W*c$/);
      }
    }
  });

  it('sees new data after a change, while a query on the old snapshot finishes there', async () => {
    const before = sandbox.snapshots.info()!.version;
    await db.writes.run(() =>
      db.withConnection((con) => con.run(`INSERT INTO ingest_warning VALUES (9, 'usage', 'X', 1, 'f', 'v', 'R', 'm')`)),
    );
    await db.notifyDataChanged();
    const r = await sandbox.run(`SELECT count(*) AS n FROM ingest_warning WHERE batch_id = 9`);
    expect(r.table.get(0)!.toJSON()).toEqual({ n: 1n });
    expect(r.meta.snapshot_version).toBeGreaterThan(before);
    // only the current snapshot file is left once nothing runs on the old one
    const files = fs.readdirSync(path.join(tmp.dir, 'atlas.analyst')).filter((f) => f.endsWith('.duckdb'));
    expect(files).toHaveLength(1);
  });

  it('stops a query at its time limit and keeps working', async () => {
    const started = Date.now();
    await expect(
      sandbox.run('SELECT count(*) FROM range(1000000000000) a, range(1000) b', { timeoutMs: 300 }),
    ).rejects.toMatchObject({
      code: 'query_timeout',
      status: 504,
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    const ok = await sandbox.run('SELECT 42 AS x');
    expect(ok.table.get(0)!.toJSON()).toEqual({ x: 42 });
  });

  it('cancels a running query by id and a queued one before it starts', async () => {
    const small = new AnalystSandbox(db, { limits: { slots: 1, defaultTimeoutMs: 20_000 } });
    try {
      const endless = 'SELECT count(*) FROM range(1000000000000) a, range(1000) b';
      const first = small.run(endless, { queryId: 'long-1' });
      const second = small.run('SELECT 1', { queryId: 'queued-2' }).catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 300));
      expect(small.cancel('queued-2')).toBe('queued');
      expect(small.cancel('long-1')).toBe('running');
      await expect(first).rejects.toMatchObject({ code: 'query_cancelled' });
      expect(await second).toMatchObject({ code: 'query_cancelled' });
      expect(small.cancel('nobody')).toBeNull();
    } finally {
      await small.close();
    }
  });

  it('keeps a slot for another user while one floods, and does not count queue time against the time limit', async () => {
    const fair = new AnalystSandbox(db, { limits: { slots: 2, perUser: 1 } });
    try {
      const endless = 'SELECT count(*) FROM range(1000000000000) a, range(1000) b';
      const flood = ['f1', 'f2', 'f3'].map((queryId) => fair.run(endless, { queryId, user: 'flood' }).catch((e) => e));
      await new Promise((r) => setTimeout(r, 300));
      expect(fair.gate.running).toBe(1);
      // waits in the queue longer than its own time limit, then runs within it
      const other = fair.run('SELECT 42 AS x', { user: 'other', timeoutMs: 20_000 });
      expect((await other).table.get(0)!.toJSON()).toEqual({ x: 42 });
      const queued = fair.run('SELECT 7 AS y', { user: 'other', timeoutMs: 1_500, queryId: 'patient' });
      const blocker = fair.run(endless, { user: 'other', queryId: 'blocker' }).catch((e) => e);
      await new Promise((r) => setTimeout(r, 300));
      const patient = fair.run('SELECT 7 AS y', { user: 'third', timeoutMs: 1_500, queryId: 'third' });
      await new Promise((r) => setTimeout(r, 2_000)); // 'third' waits: both slots are taken
      fair.cancel('blocker');
      expect((await patient).table.get(0)!.toJSON()).toEqual({ y: 7 });
      expect((await queued).table.get(0)!.toJSON()).toEqual({ y: 7 });
      await blocker;
      for (const id of ['f1', 'f2', 'f3']) fair.cancel(id);
      for (const e of await Promise.all(flood)) expect(e).toMatchObject({ code: 'query_cancelled' });
    } finally {
      await fair.close();
    }
  });

  it('reports DuckDB errors with the line and column they point at, also after wide characters', async () => {
    await expect(sandbox.run('SELECT 1,\n  2,\n  nosuch(3)')).rejects.toMatchObject({
      code: 'sql_error',
      details: { error_type: 'Catalog Error', line: 3, column: 3 },
    });
    await expect(sandbox.run("SELECT '数据' AS 名称, nope FROM usage")).rejects.toMatchObject({
      details: { error_type: 'Binder Error', line: 1, column: 20 },
    });
    await expect(sandbox.run('SELECT * FRM usage')).rejects.toMatchObject({
      details: { error_type: 'Parser Error', line: 1, column: 14 },
    });
  });
});
