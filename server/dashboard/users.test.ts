import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtlasDb } from '../db/database.ts';
import { queryOne, queryRows, type Row } from '../db/query.ts';
import { factStoreOf, FactStore } from '../facts/facts.ts';
import { EMPTY_FILTERS, type Filters } from '../filters.ts';
import { generateSampleData, RECORD_TABLES } from '../generate/generate.ts';
import { ingestFile } from '../ingest/pipeline.ts';
import { comparison } from '../period.ts';
import { tempDir } from '../test-support/server.ts';
import { DashboardQueries } from './queries.ts';

// The dashboard's distinct users come from the users' month masks (queries/facts/usage_user.sql); they must be exactly
// the distinct users of the usage rows, counted directly, at every level, for any filters, right after an ingest of
// more rows and after a replacement of earlier ones. Generated data (2025-03..2026-10, across the 64-month blocks'
// boundary at 2026-09) ingested batch by batch, so the facts follow the batches incrementally as on a server.

const tmp = tempDir('atlas-dashboard-users-');
let db: AtlasDb;
let fileSeq = 0;

/** Distinct users per level counted directly from usage, as `level|region|sector|month|users` lines. */
async function direct(f: Filters, from: string, to: string): Promise<string[]> {
  const sql = `
    WITH u AS (
      SELECT u.user_org_id, u.provider_region_code AS r, p.sector_code AS s, strftime(u.period_month, '%Y-%m') AS m
      FROM usage u JOIN product p ON p.product_id = u.product_id
      WHERE u.period_month BETWEEN $from::DATE AND $to::DATE
        AND (len($regions) = 0 OR list_contains($regions, u.provider_region_code))
        AND (len($sectors) = 0 OR list_contains($sectors, p.sector_code))
        AND (len($user_types) = 0 OR list_contains($user_types, u.user_type))
        AND (len($purposes) = 0 OR list_contains($purposes, u.use_purpose)))
    SELECT 'all' AS level, NULL AS r, NULL AS s, NULL AS m, count(DISTINCT user_org_id) AS users FROM u
    UNION ALL SELECT 'region', r, NULL, NULL, count(DISTINCT user_org_id) FROM u GROUP BY r
    UNION ALL SELECT 'sector', NULL, s, NULL, count(DISTINCT user_org_id) FROM u GROUP BY s
    UNION ALL SELECT 'cell', r, s, NULL, count(DISTINCT user_org_id) FROM u GROUP BY r, s
    UNION ALL SELECT 'month', NULL, NULL, m, count(DISTINCT user_org_id) FROM u GROUP BY m`;
  const rows = await db.withConnection((con) =>
    queryRows<{ level: string; r: string | null; s: string | null; m: string | null; users: number } & Row>(con, sql, {
      ...f,
      from,
      to,
    }),
  );
  return lines(rows.map((x) => ({ level: x.level, region_code: x.r, sector_code: x.s, month: x.m, users: x.users })));
}

const lines = (
  rows: {
    level: string;
    region_code: string | null;
    sector_code: string | null;
    month: string | null;
    users: number;
  }[],
) =>
  rows
    .filter((r) => Number(r.users) > 0)
    .map((r) => `${r.level}|${r.region_code ?? ''}|${r.sector_code ?? ''}|${r.month ?? ''}|${Number(r.users)}`)
    .sort();

/** The dashboard's users of every level against direct counts, for the current period and the previous total. */
async function expectExact(q: DashboardQueries, f: Filters): Promise<number> {
  const rows = await q.measures(f);
  const { period, previous } = comparison(f, await q.dataPeriod());
  const from = period?.from ?? f.from!;
  const to = period?.to ?? f.to!;
  const label = JSON.stringify(f);
  const want = await direct(f, from, to);
  expect(lines(rows.filter((r) => r.period === 'current')), label).toEqual(want);
  if (previous?.has_data) {
    const prevTotal = rows.find((r) => r.period === 'previous')?.users ?? 0;
    const prevWant = (await direct(f, previous.from, previous.to)).find((l) => l.startsWith('all|'));
    expect(prevTotal, `${label} previous`).toBe(prevWant ? Number(prevWant.split('|')[4]) : 0);
  }
  return Number(want.find((l) => l.startsWith('all|'))?.split('|')[4] ?? 0);
}

/** Ingest the rows of `sql` (over the database) as one usage batch. */
async function ingestUsage(sql: string) {
  const file = path.join(tmp.dir, `usage-${++fileSeq}.csv`);
  await db.withConnection((con) =>
    con.run(`COPY (SELECT usage_id, period_month, product_id, auth_id, provider_region_code, user_org_id, user_type,
                          user_region_code, use_purpose, calls, records_delivered, data_volume_gb, amount_cny,
                          success_rate, new_user FROM (${sql})) TO '${file}' (HEADER, DATE_FORMAT '%Y-%m-%d')`),
  );
  const s = await ingestFile(db, { kind: 'usage', path: file });
  expect(s.status, JSON.stringify(s)).toBe('COMMITTED');
}

let filterSets: Filters[];

beforeAll(async () => {
  const gen = path.join(tmp.dir, 'gen');
  await generateSampleData({ scale: 0.2, outDir: gen });
  db = await AtlasDb.open({ path: path.join(tmp.dir, 'atlas.duckdb') });
  for (const kind of RECORD_TABLES) {
    const s = await ingestFile(db, { kind, path: path.join(gen, `${kind}.parquet`) });
    expect(s.status).toBe('COMMITTED');
  }
  const top = (sql: string) =>
    db.withConnection(async (con) => (await queryRows<{ v: string } & Row>(con, sql)).map((r) => r.v));
  const regions = await top(
    `SELECT provider_region_code AS v FROM usage GROUP BY ALL ORDER BY count(*) DESC, v LIMIT 3`,
  );
  const sectors = await top(
    `SELECT p.sector_code AS v FROM usage u JOIN product p USING (product_id) GROUP BY ALL ORDER BY count(*) DESC, v LIMIT 2`,
  );
  filterSets = [
    EMPTY_FILTERS,
    // the whole data, across the block boundary (2026-08 is the last month of block 379, 2026-09 the first of 380)
    { ...EMPTY_FILTERS, from: '2025-01-01', to: '2026-12-01' },
    { ...EMPTY_FILTERS, from: '2026-06-01', to: '2026-11-01', regions: regions.slice(0, 2) },
    { ...EMPTY_FILTERS, from: '2025-09-01', to: '2026-09-01', sectors, user_types: ['ENTERPRISE', 'BANK'] },
    { ...EMPTY_FILTERS, from: '2026-09-01', to: '2026-09-01', regions: [regions[2]] },
    { ...EMPTY_FILTERS, from: '2026-08-01', to: '2026-08-01', purposes: ['PUBLIC_WELFARE', 'PUBLIC_GOVERNANCE'] },
    { ...EMPTY_FILTERS, to: '2026-03-01', user_types: ['GOVERNMENT_UNIT', 'ENTERPRISE'], sectors: [sectors[0]] },
  ];
}, 300_000);

afterAll(() => {
  db?.close();
  tmp.cleanup();
});

describe('dashboard distinct users from the month masks', () => {
  it('equal count(DISTINCT) over usage at every level, for every filter set', async () => {
    const store = factStoreOf(db);
    expect(await store.warm()).not.toBeNull();
    const q = new DashboardQueries(db);
    for (const f of filterSets) expect(await expectExact(q, f)).toBeGreaterThan(0);
    // a filter set no usage row matches: no users at any level
    const none = { ...EMPTY_FILTERS, from: '2025-01-01', to: '2026-12-01', user_types: ['NO_SUCH_TYPE'] };
    expect(await expectExact(q, none)).toBe(0);
    // a period before all data
    expect(await expectExact(q, { ...EMPTY_FILTERS, from: '2020-01-01', to: '2020-12-01' })).toBe(0);
  });

  it('follow an ingest of more rows (some of 0 calls) and a replacement of earlier rows at once', async () => {
    const store = factStoreOf(db);
    // October's rows again in November, a third of them with 0 calls: a row of 0 calls still makes a user
    await ingestUsage(`SELECT * REPLACE (usage_id || '-nov' AS usage_id, DATE '2026-11-01' AS period_month,
                                         CASE WHEN hash(usage_id) % 3 = 0 THEN 0 ELSE calls END AS calls)
                       FROM usage WHERE period_month = DATE '2026-10-01'`);
    const zeroOnly = await db.withConnection((con) =>
      queryOne<{ n: number } & Row>(
        con,
        `SELECT count(*) AS n FROM (SELECT user_org_id FROM usage WHERE period_month = DATE '2026-11-01'
                                     GROUP BY ALL HAVING max(calls) = 0)`,
      ),
    );
    expect(Number(zeroOnly!.n)).toBeGreaterThan(0);
    // no wait: the answer right after the ingest must already count the new rows
    const q = new DashboardQueries(db);
    for (const f of filterSets) await expectExact(q, f);
    expect(store.lastSync?.mode, store.lastSync?.reason).toBe('incremental');

    // corrections of earlier rows: some move to another month (across the block boundary), user and purpose, some
    // get 0 calls; whole months of one region are moved away
    await ingestUsage(`SELECT * REPLACE (
        CASE WHEN hash(usage_id) % 2 = 0 THEN DATE '2026-09-01' ELSE period_month END AS period_month,
        CASE WHEN hash(usage_id) % 4 = 1 THEN 0 ELSE calls END AS calls,
        CASE WHEN hash(usage_id) % 3 = 0 THEN 'PUBLIC_WELFARE' ELSE use_purpose END AS use_purpose,
        CASE WHEN hash(usage_id) % 5 = 0
             THEN (SELECT min(user_org_id) FROM usage) ELSE user_org_id END AS user_org_id)
      FROM usage WHERE period_month IN (DATE '2026-07-01', DATE '2026-08-01') AND hash(usage_id) % 3 <> 2`);
    const q2 = new DashboardQueries(db);
    for (const f of filterSets) await expectExact(q2, f);
    expect(store.lastSync?.mode, store.lastSync?.reason).toBe('incremental');
  });

  it('count the same from usage when the facts cannot be materialised', async () => {
    const q = new DashboardQueries(db, new FactStore(db, false));
    for (const f of filterSets.slice(0, 4)) await expectExact(q, f);
  });
});
