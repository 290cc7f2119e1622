import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { AtlasDb } from '../db/database.ts';
import { queryRows, type Row } from '../db/query.ts';
import { EMPTY_FILTERS, type Filters } from '../filters.ts';
import { INDICATORS } from './catalog.ts';
import { INPUT_TABLE, materializeInputs, resolveWindows, type Level } from './inputs.ts';
import { insertRecords, insertSmallFixture } from './test-records.ts';

// The hand-made record set of test-records.ts (see its comments for the expected figures) in a real in-memory AtlasDb.
let db: AtlasDb;
let con: DuckDBConnection;
const W: Filters = { ...EMPTY_FILTERS, from: '2025-03-01', to: '2026-02-01' };

beforeAll(async () => {
  db = await AtlasDb.open({ path: ':memory:' });
  con = await db.connect();
  await insertSmallFixture(con);
});
afterAll(() => {
  con.closeSync();
  db.close();
});

// The fixture is tiny, so shares are computed from a single resource on (the product's default needs 10).
async function inputs(level: Level, f: Filters = W, previous = false, minShareBase = 1): Promise<Record<string, Row>> {
  await materializeInputs(con, level, f, { previous, minShareBase });
  const rows = await queryRows(con, `SELECT * FROM ${INPUT_TABLE}`);
  return Object.fromEntries(rows.map((r) => [`${r.period_key}/${r.entity}`, r]));
}

describe('indicator inputs', () => {
  it('region level: supply stock at the window end, demand flow inside the window', async () => {
    const r = await inputs('region');
    expect(Object.keys(r)).toHaveLength(31);
    expect(r['current/330000']).toMatchObject({
      registered_resources: 2,
      total_records: 3500,
      fresh_share: 0.5,
      open_share: 0.5,
      important_share: 0.5,
      compliant_share: 1,
      late_filing_share: 0,
      holders: 2,
      new_resources: 2,
      unlockable_resources: 1,
      unlockable_share: 0.5,
      authorized_share: 0.5,
      calls: 450,
      paid_amount_cny: 200,
      distinct_users: 2,
      paying_users: 2,
      cross_region_calls: 300,
      demand_growth: 2.5,
      active_authorizations: 1,
      operators: 1,
      formal_tariff_share: 1,
      competitive_selection_share: 1,
      revenue_within_cap_share: 1,
      authorization_compliant_share: 1,
      products: 1,
      registered_product_share: 1,
    });
    expect(r['current/330000'].cross_region_share).toBeCloseTo(300 / 450, 12);
    expect(r['current/110000']).toMatchObject({
      registered_resources: 1,
      compliant_share: 0,
      late_filing_share: 1,
      unlockable_resources: 1,
      calls: 200,
      paid_amount_cny: 80,
      demand_growth: null,
      formal_tariff_share: 0,
      competitive_selection_share: 0,
      revenue_within_cap_share: null,
      authorization_compliant_share: 0,
      registered_product_share: 0,
    });
    // per capita from ref_region: Zhejiang 64,567,588 people, GDP 82,553.2 (CNY 100 million)
    expect(r['current/330000'].resources_per_10m_pop).toBeCloseTo((2 / 64567588) * 1e7, 9);
    expect(r['current/330000'].paid_amount_per_100m_gdp).toBeCloseTo(200 / 82553.2, 9);
    // a province with no records is there with zeros; the national level and XPCC are not provinces' peers
    expect(r['current/120000']).toMatchObject({ registered_resources: 0, calls: 0, fresh_share: null });
    expect(r['current/000000']).toBeUndefined();
    expect(r['current/660000']).toBeUndefined();
  });

  it('sector level: distinct users are counted across regions, shares are ratios of sums', async () => {
    const r = await inputs('sector');
    expect(Object.keys(r)).toHaveLength(18);
    expect(r['current/DEX05']).toMatchObject({
      registered_resources: 3,
      total_records: 5500,
      calls: 650,
      paid_amount_cny: 280,
      distinct_users: 2,
      active_authorizations: 2,
    });
    expect(r['current/DEX05'].fresh_share).toBeCloseTo(2 / 3, 12); // A2 + A4 of A1, A2, A4 (not the mean of 0.5 and 1)
  });

  it('cell level: 31 × 18 cells (provinces only: not 000000 or XPCC) named region:sector', async () => {
    const r = await inputs('cell');
    expect(Object.keys(r)).toHaveLength(31 * 18);
    expect(r['current/330000:DEX05']).toMatchObject({
      region_code: '330000',
      sector_code: 'DEX05',
      registered_resources: 2,
      calls: 450,
    });
    expect(r['current/330000:DEX08']).toMatchObject({ registered_resources: 0, calls: 0 });
  });

  it('the previous window is as long and ends the month before; the supply stock is taken at its end', async () => {
    const r = await inputs('region', { ...W, from: '2025-09-01' }, true);
    // current 2025-09..2026-02; previous 2025-03..2025-08, when A3 was not cancelled yet
    expect(r['previous/330000']).toMatchObject({ registered_resources: 3, calls: 100 });
    expect(r['current/330000']).toMatchObject({ registered_resources: 2, calls: 350 });
  });

  it('leaves supply shares out (NULL) below the minimum base of 10 resources', async () => {
    const r = await inputs('region', W, false, 10);
    expect(r['current/330000']).toMatchObject({
      registered_resources: 2,
      fresh_share: null,
      open_share: null,
      compliant_share: null,
      unlockable_share: null,
      calls: 450,
    });
  });

  it('filters restrict entities and records', async () => {
    const r = await inputs('region', { ...W, regions: ['330000'], purposes: ['INDUSTRY_DEVELOPMENT'] });
    expect(Object.keys(r)).toEqual(['current/330000']);
    expect(r['current/330000']).toMatchObject({ calls: 400, paid_amount_cny: 200 });
  });

  it('the default window is the last 12 months with data', async () => {
    const w = await resolveWindows(con, EMPTY_FILTERS);
    // usage starts in April 2025: the previous window's last month
    expect(w).toEqual({
      current: { from: '2025-05-01', to: '2026-04-01', months: 12, months_with_data: 12 },
      previous: { from: '2024-05-01', to: '2025-04-01', months: 12, months_with_data: 1 },
    });
  });

  it('an open start covers fewer months when the data start later', async () => {
    const w = await resolveWindows(con, { ...EMPTY_FILTERS, to: '2025-09-01' });
    expect(w).toEqual({
      current: { from: '2025-04-01', to: '2025-09-01', months: 6, months_with_data: 6 },
      previous: { from: '2024-10-01', to: '2025-03-01', months: 6, months_with_data: 0 },
    });
  });

  it('counts the months of the current window that usage or registration records fall in', async () => {
    const covered = async (from: string, to: string) =>
      (await resolveWindows(con, { ...EMPTY_FILTERS, from, to })).current.months_with_data;
    // records run from March 2025 (a registration; usage starts in April) to April 2026 (usage)
    expect(await covered('2024-01-01', '2024-12-01')).toBe(0);
    expect(await covered('2025-01-01', '2025-03-01')).toBe(1);
    expect(await covered('2026-03-01', '2026-08-01')).toBe(2);
    expect(await covered('2026-05-01', '2026-10-01')).toBe(0);
  });

  it('leaves the current panel empty when no record falls in the window', async () => {
    const w = await resolveWindows(con, { ...EMPTY_FILTERS, from: '2024-01-01', to: '2024-06-01' });
    const inputs = await materializeInputs(
      con,
      'region',
      { ...EMPTY_FILTERS, from: '2024-01-01', to: '2024-06-01' },
      { windows: w },
    );
    // the table holds a zero for every region; the panel the indices read holds nothing
    expect(await queryRows(con, `SELECT count(*)::INTEGER AS n FROM ${inputs.table}`)).toEqual([{ n: 31 }]);
    expect(await queryRows(con, `SELECT count(*)::INTEGER AS n FROM ${inputs.current}`)).toEqual([{ n: 0 }]);
  });

  it('every indicator of the catalog is a column of the inputs, and no column lacks a catalog entry', async () => {
    await materializeInputs(con, 'region', W);
    const cols = (await queryRows<{ column_name: string }>(con, `DESCRIBE ${INPUT_TABLE}`)).map((c) => c.column_name);
    expect(cols.filter((c) => !['period_key', 'entity', 'region_code', 'sector_code'].includes(c)).sort()).toEqual(
      INDICATORS.map((i) => i.id).sort(),
    );
  });
});

describe('grants at the window end', () => {
  it('a resource counts as authorized while a grant of it has started and not been revoked', async () => {
    const gdb = await AtlasDb.open({ path: ':memory:' });
    const gcon = await gdb.connect();
    try {
      await insertSmallFixture(gcon);
      // A1 (Zhejiang, not in scope) granted from September to mid-January; A4 (Beijing) granted only after the window
      await insertRecords(gcon, 'authorization_resource', [
        { auth_id: 'AU1', asset_uid: 'A1', granted_at: '2025-09-01', revoked_at: '2026-01-15' },
        { auth_id: 'AU2', asset_uid: 'A4', granted_at: '2026-03-10' },
      ]);
      const at = async (f: Filters) => {
        await materializeInputs(gcon, 'region', f, { minShareBase: 1 });
        const rows = await queryRows(gcon, `SELECT * FROM ${INPUT_TABLE} WHERE entity IN ('330000', '110000')`);
        return Object.fromEntries(rows.map((r) => [String(r.entity), r]));
      };
      // the window W ends 2026-02-28: A1's grant was revoked by then, A4's had not started
      const w = await at(W);
      expect(w['330000']).toMatchObject({ authorized_share: 0.5, unlockable_resources: 1 });
      expect(w['110000']).toMatchObject({ authorized_share: 0, unlockable_resources: 1 });
      // a window ending 2025-12-31: A1 was granted then, so nothing in Zhejiang is unlockable
      const dec = await at({ ...W, from: '2025-01-01', to: '2025-12-01' });
      expect(dec['330000']).toMatchObject({ authorized_share: 1, unlockable_resources: 0 });
      expect(dec['110000']).toMatchObject({ authorized_share: 0, unlockable_resources: 1 });
    } finally {
      gcon.closeSync();
      gdb.close();
    }
  });
});
