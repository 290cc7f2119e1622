import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { AtlasDb } from '../db/database.ts';
import { queryRows, type Row } from '../db/query.ts';
import { EMPTY_FILTERS, type Filters } from '../filters.ts';
import { INDICATORS } from './catalog.ts';
import { INPUT_TABLE, materializeInputs, resolveWindows, type Level } from './inputs.ts';
import { insertRecords } from './test-records.ts';

// A hand-made record set (see the comments for the expected figures) in a real in-memory AtlasDb.
let db: AtlasDb;
let con: DuckDBConnection;
const W: Filters = { ...EMPTY_FILTERS, from: '2025-03-01', to: '2026-02-01' };

beforeAll(async () => {
  db = await AtlasDb.open({ path: ':memory:' });
  con = await db.connect();
  await insertRecords(con, 'registration', [
    // A1: 330000 finance, changed in August: the current version is MONTHLY with 3,000 records, not in scope
    { reg_event_id: 'R1', asset_uid: 'A1', region_code: '330000', sector_code: 'DEX05', registered_at: '2025-04-10', record_count: 1000, update_frequency: 'DAILY', open_attribute: 'CONDITIONAL_OPEN', security_level: 'GENERAL', in_authorized_scope: false, registrant_org_id: 'H1', status: 'SUPERSEDED' },
    { reg_event_id: 'R2', asset_uid: 'A1', reg_type: 'CHANGE', region_code: '330000', sector_code: 'DEX05', registered_at: '2025-08-01', record_count: 3000, update_frequency: 'MONTHLY', open_attribute: 'CONDITIONAL_OPEN', security_level: 'GENERAL', in_authorized_scope: false, registrant_org_id: 'H1' },
    // A2: in scope and granted to AU1
    { reg_event_id: 'R3', asset_uid: 'A2', region_code: '330000', sector_code: 'DEX05', registered_at: '2025-05-01', record_count: 500, update_frequency: 'REALTIME', open_attribute: 'NOT_OPEN', security_level: 'IMPORTANT', in_authorized_scope: true, registrant_org_id: 'H2' },
    // A3: registered in March, cancelled in September
    { reg_event_id: 'R4', asset_uid: 'A3', region_code: '330000', sector_code: 'DEX05', registered_at: '2025-03-05', record_count: 100, update_frequency: 'WEEKLY', open_attribute: 'UNCONDITIONAL_OPEN', registrant_org_id: 'H1', status: 'CANCELLED' },
    { reg_event_id: 'R5', asset_uid: 'A3', reg_type: 'CANCELLATION', region_code: '330000', sector_code: 'DEX05', submitted_at: '2025-08-29', accepted_at: '2025-09-01', registrant_org_id: 'H1', status: 'CANCELLED' },
    // A4: Beijing finance, filed late (warning on its live version)
    { reg_event_id: 'R6', asset_uid: 'A4', region_code: '110000', sector_code: 'DEX05', registered_at: '2025-06-01', record_count: 2000, update_frequency: 'DAILY', open_attribute: 'UNCONDITIONAL_OPEN', in_authorized_scope: false, registrant_org_id: 'H3', batch_id: 7 },
    // A5: registered after the window
    { reg_event_id: 'R7', asset_uid: 'A5', region_code: '330000', sector_code: 'DEX08', registered_at: '2026-03-01', record_count: 10, registrant_org_id: 'H1' },
    // the product P1 is registered; P2 is not
    { reg_event_id: 'R8', asset_uid: 'P1', object_type: 'DATA_PRODUCT_SERVICE', region_code: '330000', sector_code: 'DEX05', registered_at: '2025-06-01', registrant_org_id: 'O1' },
  ]);
  await insertRecords(con, 'ingest_warning', [
    { record_key: 'R6', batch_id: 7 },
    { record_key: 'R3', batch_id: 99 }, // an older version's warning: does not count
    { table_name: 'authorization', record_key: 'AU2', rule_code: 'TERM_OVER_5_YEARS' },
  ]);
  await insertRecords(con, 'authorization', [
    { auth_id: 'AU1', region_code: '330000', sector_code: 'DEX05', term_start: '2025-04-01', term_end: '2028-03-31', tariff_status: 'FORMAL', selection_method: 'PUBLIC_TENDER', revenue_reported_cny: 100, max_allowed_revenue_cny: 200 },
    { auth_id: 'AU2', region_code: '110000', sector_code: 'DEX05', term_start: '2025-05-01', term_end: '2031-05-01', tariff_status: 'TRIAL', selection_method: 'SINGLE_SOURCE_DESIGNATION', operator_org_id: 'O2' },
    { auth_id: 'AU3', region_code: '330000', sector_code: 'DEX05', term_start: '2025-05-01', term_end: '2027-05-01', status: 'PLANNING' },
  ]);
  await insertRecords(con, 'authorization_resource', [{ auth_id: 'AU1', asset_uid: 'A2', granted_at: '2025-05-02' }]);
  await insertRecords(con, 'product', [
    { product_id: 'P1', auth_id: 'AU1', sector_code: 'DEX05', launched_at: '2025-06-01' },
    { product_id: 'P2', auth_id: 'AU2', sector_code: 'DEX05', launched_at: '2025-07-01', operator_org_id: 'O2' },
  ]);
  const u = (id: string, month: string, product: string, provider: string, user: string, userRegion: string, calls: number, amount: number, purpose = 'INDUSTRY_DEVELOPMENT') =>
    ({ usage_id: id, period_month: month, product_id: product, provider_region_code: provider, user_org_id: user, user_region_code: userRegion, calls, amount_cny: amount, use_purpose: purpose });
  await insertRecords(con, 'usage', [
    u('U1', '2025-04-01', 'P1', '330000', 'UA', '330000', 100, 50),
    u('U2', '2025-10-01', 'P1', '330000', 'UB', '110000', 300, 150),
    u('U3', '2025-11-01', 'P1', '330000', 'UA', '330000', 50, 0, 'PUBLIC_GOVERNANCE'),
    u('U4', '2025-12-01', 'P2', '110000', 'UA', '110000', 200, 80, 'SECTOR_DEVELOPMENT'),
    u('U5', '2026-04-01', 'P1', '330000', 'UA', '330000', 999, 999),
  ]);
});
afterAll(() => {
  con.closeSync();
  db.close();
});

async function inputs(level: Level, f: Filters = W, previous = false): Promise<Record<string, Row>> {
  await materializeInputs(con, level, f, { previous });
  const rows = await queryRows(con, `SELECT * FROM ${INPUT_TABLE}`);
  return Object.fromEntries(rows.map((r) => [`${r.period_key}/${r.entity}`, r]));
}

describe('indicator inputs', () => {
  it('region level: supply stock at the window end, demand flow inside the window', async () => {
    const r = await inputs('region');
    expect(Object.keys(r)).toHaveLength(33);
    expect(r['current/330000']).toMatchObject({
      registered_resources: 2, total_records: 3500, fresh_share: 0.5, open_share: 0.5, important_share: 0.5,
      compliant_share: 1, late_filing_share: 0, holders: 2, new_resources: 2, unlockable_resources: 1, unlockable_share: 0.5,
      authorized_share: 0.5, calls: 450, paid_amount_cny: 200, distinct_users: 2, paying_users: 2, cross_region_calls: 300,
      demand_growth: 2.5, active_authorizations: 1, operators: 1, formal_tariff_share: 1, competitive_selection_share: 1,
      revenue_within_cap_share: 1, authorization_compliant_share: 1, products: 1, registered_product_share: 1,
    });
    expect(r['current/330000'].cross_region_share).toBeCloseTo(300 / 450, 12);
    expect(r['current/110000']).toMatchObject({
      registered_resources: 1, compliant_share: 0, late_filing_share: 1, unlockable_resources: 1, calls: 200, paid_amount_cny: 80,
      demand_growth: null, formal_tariff_share: 0, competitive_selection_share: 0, revenue_within_cap_share: null,
      authorization_compliant_share: 0, registered_product_share: 0,
    });
    // per capita from ref_region: Zhejiang 64,567,588 people, GDP 82,553.2 (CNY 100 million)
    expect(r['current/330000'].resources_per_10m_pop).toBeCloseTo((2 / 64567588) * 1e7, 9);
    expect(r['current/330000'].paid_amount_per_100m_gdp).toBeCloseTo(200 / 82553.2, 9);
    expect(r['current/000000']).toMatchObject({ registered_resources: 0, calls: 0, fresh_share: null, resources_per_10m_pop: null });
  });

  it('sector level: distinct users are counted across regions, shares are ratios of sums', async () => {
    const r = await inputs('sector');
    expect(Object.keys(r)).toHaveLength(18);
    expect(r['current/DEX05']).toMatchObject({ registered_resources: 3, total_records: 5500, calls: 650, paid_amount_cny: 280, distinct_users: 2, active_authorizations: 2 });
    expect(r['current/DEX05'].fresh_share).toBeCloseTo(2 / 3, 12); // A2 + A4 of A1, A2, A4 (not the mean of 0.5 and 1)
  });

  it('cell level: 33 × 18 cells named region:sector', async () => {
    const r = await inputs('cell');
    expect(Object.keys(r)).toHaveLength(33 * 18);
    expect(r['current/330000:DEX05']).toMatchObject({ region_code: '330000', sector_code: 'DEX05', registered_resources: 2, calls: 450 });
    expect(r['current/330000:DEX08']).toMatchObject({ registered_resources: 0, calls: 0 });
  });

  it('the previous window is as long and ends the month before; the supply stock is taken at its end', async () => {
    const r = await inputs('region', { ...W, from: '2025-09-01' }, true);
    // current 2025-09..2026-02; previous 2025-03..2025-08, when A3 was not cancelled yet
    expect(r['previous/330000']).toMatchObject({ registered_resources: 3, calls: 100 });
    expect(r['current/330000']).toMatchObject({ registered_resources: 2, calls: 350 });
  });

  it('filters restrict entities and records', async () => {
    const r = await inputs('region', { ...W, regions: ['330000'], purposes: ['INDUSTRY_DEVELOPMENT'] });
    expect(Object.keys(r)).toEqual(['current/330000']);
    expect(r['current/330000']).toMatchObject({ calls: 400, paid_amount_cny: 200 });
  });

  it('the default window is the last 12 months with data', async () => {
    const w = await resolveWindows(con, EMPTY_FILTERS);
    expect(w).toEqual({ current: { from: '2025-05-01', to: '2026-04-01', months: 12 }, previous: { from: '2024-05-01', to: '2025-04-01', months: 12 } });
  });

  it('every indicator of the catalog is a column of the inputs, and no column lacks a catalog entry', async () => {
    await materializeInputs(con, 'region', W);
    const cols = (await queryRows<{ column_name: string }>(con, `DESCRIBE ${INPUT_TABLE}`)).map((c) => c.column_name);
    expect(cols.filter((c) => !['period_key', 'entity', 'region_code', 'sector_code'].includes(c)).sort()).toEqual(INDICATORS.map((i) => i.id).sort());
  });
});
