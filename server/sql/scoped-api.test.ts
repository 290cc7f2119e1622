import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { DuckDBInstance } from '@duckdb/node-api';
import { AtlasDb } from '../db/database.ts';
import { quoteString } from '../db/sql-text.ts';
import { startTestServer, tempDir, type TestServer } from '../test-support/server.ts';
import { AnalystSandbox } from './sandbox.ts';
import { IN_SCOPE, loadScopeFixture, markedRegions, OUT_OF_SCOPE, scopedCounts } from './scope-fixture.ts';

// The scoped analyst over real HTTP, signed in to a server that requires accounts (a national analyst beside them):
// exports in every format and the schema browser's counts; then the scope snapshots' life.

const SCOPE: string[] = [...IN_SCOPE];
const PASSWORD = 'analyst password long enough';
const tmp = tempDir('atlas-scoped-api-');

describe('the SQL routes for a scoped analyst', () => {
  let db: AtlasDb;
  let t: TestServer;
  let base = '';
  /** Session cookies of a national analyst and one scoped to SCOPE, signed in to a server that requires accounts. */
  const cookies = { national: '', scoped: '' };

  beforeAll(async () => {
    db = await AtlasDb.open({ path: path.join(tmp.dir, 'api.duckdb') });
    await loadScopeFixture(db);
    t = await startTestServer({ db, auth: 'required' });
    base = t.base;
    for (const [name, scope] of [
      ['national', null],
      ['scoped', SCOPE],
    ] as const) {
      await t.atlas.auth.accounts.add({ name, roles: ['analyst'], scope, password: PASSWORD });
      const res = await fetch(`${base}/api/auth/signin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, password: PASSWORD }),
      });
      cookies[name] = res.headers.get('set-cookie')!.split(';')[0];
    }
  });
  afterAll(async () => {
    await t.close();
    db.close();
  });

  const cookie = (scope: string[] | null) => ({ cookie: scope ? cookies.scoped : cookies.national });
  const post = (url: string, body: unknown, scope: string[] | null) =>
    fetch(`${base}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...cookie(scope) },
      body: JSON.stringify(body),
    });

  /** The regions marked in an export, decoded by its own format. */
  async function exported(format: 'csv' | 'parquet' | 'arrow', sql: string, scope: string[] | null) {
    const res = await post('/api/sql/export', { sql, format }, scope);
    expect(res.status, await res.clone().text()).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    let text: string;
    if (format === 'csv') text = new TextDecoder().decode(bytes);
    // counts arrive as Int64, read as BigInt
    else if (format === 'arrow')
      text = JSON.stringify(tableFromIPC(bytes).toArray(), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    else {
      const file = path.join(tmp.dir, `export-${Math.random().toString(36).slice(2)}.parquet`);
      fs.writeFileSync(file, bytes);
      const instance = await DuckDBInstance.create(':memory:');
      const con = await instance.connect();
      text = JSON.stringify(
        (await con.runAndReadAll(`SELECT * FROM read_parquet(${quoteString(file)})`)).getRowObjectsJson(),
      );
      con.closeSync();
      instance.closeSync();
    }
    return { regions: markedRegions(text), rows: res.headers.get('x-atlas-rows') };
  }

  const EXPORTS = [
    'SELECT u.*, p.product_name FROM usage u JOIN product p USING (product_id)',
    'SELECT * FROM org UNION ALL BY NAME SELECT * FROM registration',
    'SELECT record FROM record_history',
    'SELECT summary FROM ingest_batch',
  ];

  for (const format of ['csv', 'parquet', 'arrow'] as const) {
    it(`exports ${format} with the scope's rows only`, async () => {
      for (const sql of EXPORTS) {
        const scoped = await exported(format, sql, SCOPE);
        expect([...scoped.regions].sort(), sql).toEqual(SCOPE);
        const national = await exported(format, sql, null);
        expect(
          OUT_OF_SCOPE.filter((r) => national.regions.has(r)),
          sql,
        ).not.toEqual([]);
      }
      const want = await scopedCounts(db, SCOPE);
      if (format !== 'arrow') expect((await exported(format, 'FROM usage', SCOPE)).rows).toBe(String(want.usage));
    });
  }

  it('counts the scope’s rows in the schema browser', async () => {
    const schema = async (scope: string[] | null) =>
      (await (await fetch(`${base}/api/schema`, { headers: cookie(scope) })).json()) as {
        tables: { name: string; rows: number | null }[];
      };
    const rows = (s: Awaited<ReturnType<typeof schema>>) => Object.fromEntries(s.tables.map((t) => [t.name, t.rows]));
    const scoped = rows(await schema(SCOPE));
    const national = rows(await schema(null));
    const want = await scopedCounts(db, SCOPE);
    for (const [table, n] of Object.entries(want)) {
      expect(scoped[table], table).toBe(n);
      expect(national[table], table).toBeGreaterThan(n);
    }
    expect(scoped.ref_region).toBe(33);
    expect(scoped.ingest_batch).toBe(national.ingest_batch);
    expect(scoped.ingest_reject).toBe(4);
    expect('saved_query' in national).toBe(false);
  });

  it('answers POST /api/sql with the scope’s rows, in JSON and CSV too', async () => {
    const sql = `SELECT provider_region_code AS r, count(*) AS n FROM usage GROUP BY ALL ORDER BY r`;
    const json = (await (await post('/api/sql?format=json', { sql }, SCOPE)).json()) as { rows: { r: string }[] };
    expect(json.rows.map((r) => r.r)).toEqual(SCOPE);
    const csv = await (await post('/api/sql?format=csv', { sql: 'SELECT name FROM org' }, SCOPE)).text();
    expect([...markedRegions(csv)].sort()).toEqual(SCOPE);
    const all = (await (await post('/api/sql?format=json', { sql }, null)).json()) as { rows: unknown[] };
    expect(all.rows.length).toBe(SCOPE.length + OUT_OF_SCOPE.length);
  });
});

describe('scope snapshots', () => {
  let db: AtlasDb;
  let sandbox: AnalystSandbox;
  const dir = () => path.join(tmp.dir, 'life.analyst');
  const scopeFiles = () => fs.readdirSync(dir()).filter((f) => /^scope-\d+-\d+\.duckdb$/.test(f));
  const usageRegions = async (scope: string[]) => {
    const r = await sandbox.run('SELECT DISTINCT provider_region_code AS r FROM usage ORDER BY r', { scope });
    return r.table.toArray().map((row: { r: string }) => row.r);
  };

  beforeAll(async () => {
    db = await AtlasDb.open({ path: path.join(tmp.dir, 'life.duckdb') });
    await loadScopeFixture(db);
    sandbox = new AnalystSandbox(db, { scopeSnapshots: 2 });
  });
  afterAll(async () => {
    await sandbox.close();
    db.close();
    tmp.cleanup();
  });

  it('builds one snapshot per scope, shared by concurrent queries, whatever the order of the codes', async () => {
    const answers = await Promise.all([
      usageRegions(['510000']),
      usageRegions(['510000']),
      usageRegions(['510000', '510000']),
    ]);
    expect(answers).toEqual([['510000'], ['510000'], ['510000']]);
    expect(scopeFiles()).toHaveLength(1);
    expect(await usageRegions(['440000', '510000'])).toEqual(['440000', '510000']);
    expect(await usageRegions(['510000', '440000'])).toEqual(['440000', '510000']);
    expect(scopeFiles()).toHaveLength(2);
    expect(sandbox.snapshots.scopeSnapshots).toBe(2);
  });

  it('keeps the most recently used scopes and deletes the others from disk', async () => {
    const before = new Set(scopeFiles());
    expect(await usageRegions(['110000'])).toEqual(['110000']);
    const after = scopeFiles();
    expect(after).toHaveLength(2);
    // the least recently used (Sichuan alone) went; Guangdong + Sichuan and Beijing stay
    expect(after.filter((f) => before.has(f))).toHaveLength(1);
    expect(sandbox.snapshots.scopeSnapshots).toBe(2);
  });

  it('sees new data after an ingest, and deletes the snapshots of the old data', async () => {
    const old = scopeFiles();
    await db.writes.run(() =>
      db.withConnection(async (con) => {
        await con.run(`INSERT INTO usage (usage_id, period_month, product_id, provider_region_code, user_org_id, user_type,
            user_region_code, use_purpose, calls, amount_cny, batch_id)
          VALUES ('secret-510000-new', DATE '2025-12-01', 'PRD-510000-1-1', '510000', 'ORG-510000-1', 'ENTERPRISE', '510000',
            'INDUSTRY_DEVELOPMENT', 1, 0, 3),
          ('secret-330000-new', DATE '2025-12-01', 'PRD-330000-1-1', '330000', 'ORG-330000-1', 'ENTERPRISE', '330000',
            'INDUSTRY_DEVELOPMENT', 1, 0, 3)`);
      }),
    );
    await db.notifyDataChanged();
    expect(scopeFiles().filter((f) => old.includes(f))).toEqual([]);
    const r = await sandbox.run(`SELECT usage_id FROM usage WHERE usage_id LIKE '%-new'`, { scope: ['510000'] });
    expect(r.table.toArray().map((row: { usage_id: string }) => row.usage_id)).toEqual(['secret-510000-new']);
    const n = await sandbox.run(`SELECT count(*) AS n FROM usage WHERE usage_id LIKE '%-new'`);
    expect(n.table.get(0)!.toJSON()).toEqual({ n: 2n });
  });

  it('gives a scope of no region no record at all, and the reference tables whole', async () => {
    const r = await sandbox.run(
      `SELECT (SELECT count(*) FROM usage) + (SELECT count(*) FROM org) + (SELECT count(*) FROM ingest_reject) AS records,
        (SELECT count(*) FROM ref_region) AS regions`,
      { scope: [] },
    );
    expect(r.table.get(0)!.toJSON()).toEqual({ records: 0n, regions: 33n });
  });
});
