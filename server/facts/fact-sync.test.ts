import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConsistency } from '../db/consistency.ts';
import { AtlasDb } from '../db/database.ts';
import { queryOne } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import { ingestFile } from '../ingest/pipeline.ts';
import { runAtlas } from '../test-support/cli.ts';
import { tempDir } from '../test-support/server.ts';
import { checkFacts } from './fact-check.ts';
import { compactFacts, COMPACT_GROWTH, factAsRead, factTables } from './fact-sync.ts';
import { attachCache, CACHE_SCHEMA, FACTS, FactStore } from './facts.ts';

// The facts brought up to date batch by batch must equal the facts computed from all records, cell for cell, whatever
// the batches did: add months, add a month earlier than those stored, replace rows into other groups, empty a month.
// Real ingests of real files into a database file; the sample data gives the registry, the usage batches are variants
// of the sample's usage rows written here.

const SAMPLE = path.join(import.meta.dirname, '..', '..', 'sample-data');
const { dir, cleanup } = tempDir('atlas-fact-sync-');
const dbFile = path.join(dir, 'atlas.duckdb');
let db: AtlasDb;

/** Open the database file as a restart would, with a fresh store. */
async function open(): Promise<{ db: AtlasDb; store: FactStore }> {
  db = await AtlasDb.open({ path: dbFile });
  return { db, store: new FactStore(db) };
}

let fileSeq = 0;

/** Ingest a CSV written by `sql` (a query over the database) as one batch of `kind`. */
async function ingestQuery(kind: string, sql: string) {
  const file = path.join(dir, `${kind}-${++fileSeq}.csv`);
  await db.withConnection((con) => con.run(`COPY (${sql}) TO '${file}' (HEADER, DATE_FORMAT '%Y-%m-%d')`));
  const summary = await ingestFile(db, { kind, path: file });
  expect(summary.status, JSON.stringify(summary)).toBe('COMMITTED');
  return summary;
}

/** The sample's usage rows moved to `month`, with ids of their own (`tag`). */
const usageIn = (month: string, tag: string, extra = '') => `
  SELECT * REPLACE (usage_id || '-${tag}' AS usage_id, DATE '${month}' AS period_month, calls + ${fileSeq} AS calls)
  FROM read_csv('${path.join(SAMPLE, 'usage.csv')}', header = true, all_varchar = false) ${extra}`;

/** Rows in which each fact table and its query from all records differ (0 when they are equal cell for cell). */
async function differences(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  await db.withConnection(async (con) => {
    const tables = factTables();
    for (const f of FACTS) {
      const q = sqlFile(`facts/${f}`);
      const row = await queryOne<{ n: number; rows: number }>(
        con,
        `SELECT (SELECT count(*) FROM (${factAsRead(f)} EXCEPT ALL SELECT * FROM (${q}))) +
                (SELECT count(*) FROM (SELECT * FROM (${q}) EXCEPT ALL ${factAsRead(f)})) AS n,
                (SELECT count(*) FROM ${tables[f]}) AS rows`,
      );
      out[f] = row!.n;
      if (row!.rows === 0) out[`${f} (empty)`] = 1;
    }
    // the coverage of the periods reads the months and regions with usage from the rollup: the same pairs as usage
    const pairs = (t: string) => `SELECT DISTINCT period_month, provider_region_code FROM ${t}`;
    out.coverage = (await queryOne<{ n: number }>(
      con,
      `SELECT (SELECT count(*) FROM (${pairs('rollup_usage_month')} EXCEPT ${pairs('usage')})) +
              (SELECT count(*) FROM (${pairs('usage')} EXCEPT ${pairs('rollup_usage_month')})) AS n`,
    ))!.n;
  });
  return out;
}

const NONE = { ...Object.fromEntries(FACTS.map((f) => [f, 0])), coverage: 0 };

async function syncedAs(store: FactStore, mode: string) {
  expect(await store.warm()).not.toBeNull();
  expect(store.lastSync?.mode, store.lastSync?.reason).toBe(mode);
  expect(await differences()).toEqual(NONE);
}

beforeAll(async () => {
  const { store } = await open();
  for (const kind of ['org', 'authorization', 'registration', 'authorization_resource', 'product']) {
    const s = await ingestFile(db, { kind, path: path.join(SAMPLE, `${kind}.csv`) });
    expect(s.status).toBe('COMMITTED');
  }
  await ingestQuery('usage', usageIn('2025-06-01', 'jun'));
  await syncedAs(store, 'rebuild');
  expect(store.lastSync?.reason).toBe('no stored facts');
}, 120_000);

afterAll(() => {
  db?.close();
  cleanup();
});

describe('indicator facts kept current batch by batch', () => {
  it('equal a full rebuild after additions, an earlier month, replacements and an emptied month', async () => {
    const store = new FactStore(db);
    await syncedAs(store, 'current');

    // new months after the stored ones, then one before them
    for (const [month, tag] of [
      ['2025-07-01', 'jul'],
      ['2025-08-01', 'aug'],
      ['2025-04-01', 'apr'],
    ]) {
      await ingestQuery('usage', usageIn(month, tag));
      await db.notifyDataChanged();
      await syncedAs(store, 'incremental');
    }

    // corrections: July's rows with other calls and amounts, half of them moved to another purpose and user type
    await ingestQuery(
      'usage',
      `SELECT * REPLACE (calls * 3 + 1 AS calls, amount_cny * 2 AS amount_cny,
                         CASE WHEN hash(usage_id) % 2 = 0 THEN 'PUBLIC_WELFARE' ELSE use_purpose END AS use_purpose,
                         CASE WHEN hash(usage_id) % 2 = 0 THEN 'GOVERNMENT_UNIT' ELSE user_type END AS user_type)
       FROM usage WHERE usage_id LIKE '%-jul'`,
    );
    await db.notifyDataChanged();
    await syncedAs(store, 'incremental');

    // every row of June corrected into December (June is emptied) and April's calls set to 0, in one file
    const s = await ingestQuery(
      'usage',
      `SELECT * EXCLUDE (batch_id) REPLACE (DATE '2025-12-01' AS period_month) FROM usage WHERE usage_id LIKE '%-jun'
       UNION ALL
       SELECT * EXCLUDE (batch_id) REPLACE (0 AS calls, 0 AS amount_cny) FROM usage WHERE usage_id LIKE '%-apr'`,
    );
    expect(s.replaced).toBeGreaterThan(0);
    await db.notifyDataChanged();
    await syncedAs(store, 'incremental');
    const june = await db.withConnection((con) =>
      queryOne<{ n: number }>(
        con,
        `SELECT count(*) AS n FROM ${factTables().usage_month} WHERE period_month = DATE '2025-06-01'`,
      ),
    );
    expect(june!.n).toBe(0);

    // a product batch that only changes a price: the registry facts are recomputed, the usage facts left
    await ingestQuery(
      'product',
      `SELECT * EXCLUDE (batch_id) REPLACE (list_unit_price_cny + 0.01 AS list_unit_price_cny) FROM product`,
    );
    await db.notifyDataChanged();
    await syncedAs(store, 'incremental');

    // a product moved to another sector moves its usage facts: rebuilt
    await ingestQuery(
      'product',
      `SELECT * EXCLUDE (batch_id) REPLACE ('DEX01' AS sector_code) FROM product
       WHERE product_id = (SELECT min(product_id) FROM usage)`,
    );
    await db.notifyDataChanged();
    await syncedAs(store, 'rebuild');
    expect(store.lastSync?.reason).toMatch(/moved to other fact groups/);
  }, 240_000);

  it('append month masks as rows of their own, and compact them in the background once grown by half', async () => {
    const store = new FactStore(db);
    await syncedAs(store, 'current');
    const rowsAndGroups = () =>
      db.withConnection(async (con) => ({
        ...(await queryOne<{ rows: number; groups: number }>(
          con,
          `SELECT (SELECT count(*) FROM ${factTables().usage_user}) AS rows,
                  (SELECT count(*) FROM (${factAsRead('usage_user')})) AS groups`,
        ))!,
      }));
    const start = await rowsAndGroups();
    expect(start.rows).toBe(start.groups);

    // months whose users mostly used earlier months of the same 64-month block: their masks are new rows
    const months = ['2025-10-01', '2025-11-01', '2026-01-01', '2026-02-01', '2026-03-01', '2026-05-01'];
    let compacted = null;
    for (const [i, month] of months.entries()) {
      await ingestQuery('usage', usageIn(month, `m${i}`));
      await db.notifyDataChanged();
      await syncedAs(store, 'incremental');
      if (store.lastSync?.compactionDue) {
        // started in the background by the sync
        compacted = await store.compaction;
        break;
      }
      // appended: more rows than groups, and the readers' view equal to the query (syncedAs)
      const now = await rowsAndGroups();
      expect(now.rows).toBeGreaterThan(now.groups);
    }
    expect(compacted?.facts.map((f) => f.fact)).toContain('usage_user');
    const after = await rowsAndGroups();
    expect(after.rows).toBe(after.groups);
    expect(compacted!.facts.find((f) => f.fact === 'usage_user')!.before).toBeGreaterThan(
      start.rows * (1 + COMPACT_GROWTH),
    );
    expect(await differences()).toEqual(NONE);

    // a reader in the middle of a compaction reads the rows as they were: the same answer
    await ingestQuery('usage', usageIn('2026-06-01', 'jun26'));
    await db.notifyDataChanged();
    await syncedAs(store, 'incremental');
    const users = `SELECT count(DISTINCT user_org_id) AS n FROM ${factTables().usage_user} WHERE any_months <> 0`;
    const [read, compaction] = await Promise.all([
      db.withConnection(async (con) => {
        await con.run('BEGIN TRANSACTION');
        const first = await queryOne<{ n: number }>(con, users);
        await new Promise((r) => setTimeout(r, 200));
        const second = await queryOne<{ n: number }>(con, users);
        await con.run('COMMIT');
        return [first!.n, second!.n];
      }),
      db.withConnection((con) => compactFacts(db, con, true)),
    ]);
    expect(compaction.facts.length).toBeGreaterThan(0);
    const expected = (await db.withConnection((con) => queryOne<{ n: number }>(con, users)))!.n;
    expect(read).toEqual([expected, expected]);
    expect(await rowsAndGroups()).toEqual(await rowsAndGroups().then((r) => ({ rows: r.groups, groups: r.groups })));
    expect(await differences()).toEqual(NONE);
  }, 240_000);

  it('are not rebuilt at a restart on the same data, and catch up with batches committed while away', async () => {
    db.close();
    let { store } = await open();
    await syncedAs(store, 'current');

    // an ingest with no server running (the command line): the next start applies its batch
    await ingestQuery('usage', usageIn('2025-09-01', 'sep'));
    db.close();
    ({ store } = await open());
    await syncedAs(store, 'incremental');
    expect(store.lastSync?.reason).toMatch(/usage/);
  }, 120_000);

  it('are rebuilt when missing, of another definition, or when records changed outside batches', async () => {
    const drop = (sql: string) =>
      db.withConnection(async (con) => {
        await attachCache(db, con);
        await con.run(sql);
      });

    await drop(`DROP TABLE ${factTables().usage_user}`);
    db.close();
    let { store } = await open();
    await syncedAs(store, 'rebuild');
    expect(store.lastSync?.reason).toBe('no stored facts');

    await drop(`UPDATE ${CACHE_SCHEMA}.facts_meta SET definition = 'older'`);
    db.close();
    ({ store } = await open());
    await syncedAs(store, 'rebuild');
    expect(store.lastSync?.reason).toBe('facts definition changed');

    await db.withConnection((con) =>
      con.run(`INSERT INTO usage SELECT * REPLACE (usage_id || '-direct' AS usage_id) FROM usage LIMIT 3`),
    );
    await db.notifyDataChanged();
    await syncedAs(store, 'rebuild');
    expect(store.lastSync?.reason).toBe('records changed outside ingest batches');
    await db.notifyDataChanged();
    await syncedAs(store, 'current');

    // the cache file removed: a new one, rebuilt
    db.close();
    for (const f of fs.readdirSync(dir).filter((n) => n.includes('indicator-cache'))) fs.rmSync(path.join(dir, f));
    ({ store } = await open());
    await syncedAs(store, 'rebuild');
  }, 120_000);

  it('are compared with their queries by the deep consistency check', async () => {
    const store = new FactStore(db);
    await store.warm();
    const deep = async () =>
      (await checkConsistency(db, { deep: [checkFacts] })).find((c) => c.check.startsWith('indicator'));
    expect(await deep()).toEqual({ check: 'indicator_facts (deep)', problems: [] });
    const tamper = (sign: string) =>
      db.withConnection((con) =>
        con.run(`UPDATE ${factTables().usage_month} SET calls = calls ${sign} 1
                 WHERE rowid = (SELECT min(rowid) FROM ${factTables().usage_month})`),
      );
    await tamper('+');
    expect((await deep())!.problems).toEqual([
      'indicator fact usage_month: 1 stored rows that queries/facts/usage_month.sql does not give, ' +
        '1 rows it gives that are not stored',
    ]);
    // `atlas check --deep` opens the database and the facts' file read-only, the server stopped
    db.close();
    const run = await runAtlas(['check', '--deep', '--json'], { ATLAS_DB: dbFile });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).checks.at(-1).problems).toHaveLength(1);
    const reopened = await open();
    await reopened.store.warm();
    expect(reopened.store.lastSync?.mode).toBe('current');
    await tamper('-');
    expect(await deep()).toEqual({ check: 'indicator_facts (deep)', problems: [] });
  }, 120_000);
});

describe('month masks after the first usage batch', () => {
  it('are compact already: no compaction is due', async () => {
    const { dir: own, cleanup: done } = tempDir('atlas-fact-first-');
    const first = await AtlasDb.open({ path: path.join(own, 'atlas.duckdb') });
    try {
      for (const kind of ['org', 'authorization', 'registration', 'authorization_resource', 'product'])
        expect((await ingestFile(first, { kind, path: path.join(SAMPLE, `${kind}.csv`) })).status).toBe('COMMITTED');
      const store = new FactStore(first);
      await store.warm();
      expect(store.lastSync?.mode).toBe('rebuild');
      expect((await ingestFile(first, { kind: 'usage', path: path.join(SAMPLE, 'usage.csv') })).status).toBe(
        'COMMITTED',
      );
      await first.notifyDataChanged();
      await store.warm();
      expect(store.lastSync?.mode).toBe('incremental');
      expect(store.lastSync?.compactionDue).toBe(false);
      const r = await first.withConnection((con) =>
        queryOne<{ rows: number; groups: number }>(
          con,
          `SELECT (SELECT count(*) FROM ${factTables().usage_user}) AS rows,
                  (SELECT count(*) FROM (${factAsRead('usage_user')})) AS groups`,
        ),
      );
      expect(r!.rows).toBeGreaterThan(0);
      expect(r!.rows).toBe(r!.groups);
    } finally {
      first.close();
      done();
    }
  }, 120_000);
});
