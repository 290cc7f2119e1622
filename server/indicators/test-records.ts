import type { DuckDBConnection } from '@duckdb/node-api';
import { execute, type SqlParam } from '../db/query.ts';
import { quoteIdent } from '../db/sql-text.ts';
import { sqlFile } from '../db/sql-files.ts';

// Small record sets for tests, inserted with SQL into a real (in-memory) AtlasDb. Defaults fill the NOT NULL columns
// a test does not care about; dates are ISO text cast by DuckDB on insert.
const DEFAULTS: Record<string, Record<string, SqlParam>> = {
  registration: {
    object_type: 'PUBLIC_DATA_RESOURCE',
    reg_type: 'INITIAL',
    data_name: 'test data',
    status: 'REGISTERED',
    source: 'registration-platform',
    batch_id: 1,
  },
  authorization: {
    auth_mode: 'SCENARIO',
    granting_authority_org_id: 'G1',
    operator_org_id: 'O1',
    status: 'ACTIVE',
    batch_id: 1,
  },
  authorization_resource: { batch_id: 1 },
  product: { operator_org_id: 'O1', product_form: 'API_QUERY', charge_basis: 'PER_CALL', batch_id: 1 },
  usage: { user_type: 'ENTERPRISE', use_purpose: 'INDUSTRY_DEVELOPMENT', amount_cny: 0, batch_id: 1 },
  ingest_warning: { table_name: 'registration', rule_code: 'FILING_LATE', message: 'test', batch_id: 1 },
};

export async function insertRecords(
  con: DuckDBConnection,
  table: keyof typeof DEFAULTS,
  rows: Record<string, SqlParam>[],
): Promise<void> {
  for (const row of rows) {
    const r = { ...DEFAULTS[table], ...row };
    const cols = Object.keys(r);
    const params = Object.fromEntries(cols.map((c, i) => [`p${i}`, r[c]]));
    await execute(
      con,
      `INSERT INTO ${quoteIdent(table)} (${cols.map(quoteIdent).join(', ')}) VALUES (${cols.map((_, i) => `$p${i}`).join(', ')})`,
      params,
    );
  }
  // Records written here bypass ingestion, which keeps the usage rollup current; the views read the rollup (the
  // coverage of months and regions among them), so it is rebuilt as ingestion would leave it.
  if (table === 'usage' || table === 'product') {
    await con.run(sqlFile('rollups/usage_month_clear'));
    await con.run(sqlFile('rollups/usage_month_rebuild'));
  }
}

/** A small hand-made record set: Zhejiang and Beijing finance, window 2025-03 … 2026-02 (inputs.test.ts has the figures). */
export async function insertSmallFixture(con: DuckDBConnection): Promise<void> {
  await insertRecords(con, 'registration', [
    // A1: 330000 finance, changed in August: the current version is MONTHLY with 3,000 records, not in scope
    {
      reg_event_id: 'R1',
      asset_uid: 'A1',
      region_code: '330000',
      sector_code: 'DEX05',
      registered_at: '2025-04-10',
      record_count: 1000,
      update_frequency: 'DAILY',
      open_attribute: 'CONDITIONAL_OPEN',
      security_level: 'GENERAL',
      in_authorized_scope: false,
      registrant_org_id: 'H1',
      status: 'SUPERSEDED',
    },
    {
      reg_event_id: 'R2',
      asset_uid: 'A1',
      reg_type: 'CHANGE',
      region_code: '330000',
      sector_code: 'DEX05',
      registered_at: '2025-08-01',
      record_count: 3000,
      update_frequency: 'MONTHLY',
      open_attribute: 'CONDITIONAL_OPEN',
      security_level: 'GENERAL',
      in_authorized_scope: false,
      registrant_org_id: 'H1',
    },
    // A2: in scope and granted to AU1
    {
      reg_event_id: 'R3',
      asset_uid: 'A2',
      region_code: '330000',
      sector_code: 'DEX05',
      registered_at: '2025-05-01',
      record_count: 500,
      update_frequency: 'REALTIME',
      open_attribute: 'NOT_OPEN',
      security_level: 'IMPORTANT',
      in_authorized_scope: true,
      registrant_org_id: 'H2',
    },
    // A3: registered in March, cancelled in September
    {
      reg_event_id: 'R4',
      asset_uid: 'A3',
      region_code: '330000',
      sector_code: 'DEX05',
      registered_at: '2025-03-05',
      record_count: 100,
      update_frequency: 'WEEKLY',
      open_attribute: 'UNCONDITIONAL_OPEN',
      registrant_org_id: 'H1',
      status: 'CANCELLED',
    },
    {
      reg_event_id: 'R5',
      asset_uid: 'A3',
      reg_type: 'CANCELLATION',
      region_code: '330000',
      sector_code: 'DEX05',
      submitted_at: '2025-08-29',
      accepted_at: '2025-09-01',
      registrant_org_id: 'H1',
      status: 'CANCELLED',
    },
    // A4: Beijing finance, filed late (warning on its live version)
    {
      reg_event_id: 'R6',
      asset_uid: 'A4',
      region_code: '110000',
      sector_code: 'DEX05',
      registered_at: '2025-06-01',
      record_count: 2000,
      update_frequency: 'DAILY',
      open_attribute: 'UNCONDITIONAL_OPEN',
      in_authorized_scope: false,
      registrant_org_id: 'H3',
      batch_id: 7,
    },
    // A5: registered after the window
    {
      reg_event_id: 'R7',
      asset_uid: 'A5',
      region_code: '330000',
      sector_code: 'DEX08',
      registered_at: '2026-03-01',
      record_count: 10,
      registrant_org_id: 'H1',
    },
    // the product P1 is registered; P2 is not
    {
      reg_event_id: 'R8',
      asset_uid: 'P1',
      object_type: 'DATA_PRODUCT_SERVICE',
      region_code: '330000',
      sector_code: 'DEX05',
      registered_at: '2025-06-01',
      registrant_org_id: 'O1',
    },
  ]);
  await insertRecords(con, 'ingest_warning', [
    { record_key: 'R6', batch_id: 7 },
    { record_key: 'R3', batch_id: 99 }, // an older version's warning: does not count
    { table_name: 'authorization', record_key: 'AU2', rule_code: 'TERM_OVER_5_YEARS' },
  ]);
  await insertRecords(con, 'authorization', [
    {
      auth_id: 'AU1',
      region_code: '330000',
      sector_code: 'DEX05',
      term_start: '2025-04-01',
      term_end: '2028-03-31',
      tariff_status: 'FORMAL',
      selection_method: 'PUBLIC_TENDER',
      revenue_reported_cny: 100,
      max_allowed_revenue_cny: 200,
    },
    {
      auth_id: 'AU2',
      region_code: '110000',
      sector_code: 'DEX05',
      term_start: '2025-05-01',
      term_end: '2031-05-01',
      tariff_status: 'TRIAL',
      selection_method: 'SINGLE_SOURCE_DESIGNATION',
      operator_org_id: 'O2',
    },
    {
      auth_id: 'AU3',
      region_code: '330000',
      sector_code: 'DEX05',
      term_start: '2025-05-01',
      term_end: '2027-05-01',
      status: 'PLANNING',
    },
  ]);
  await insertRecords(con, 'authorization_resource', [{ auth_id: 'AU1', asset_uid: 'A2', granted_at: '2025-05-02' }]);
  await insertRecords(con, 'product', [
    { product_id: 'P1', auth_id: 'AU1', sector_code: 'DEX05', launched_at: '2025-06-01' },
    { product_id: 'P2', auth_id: 'AU2', sector_code: 'DEX05', launched_at: '2025-07-01', operator_org_id: 'O2' },
  ]);
  const u = (
    id: string,
    month: string,
    product: string,
    provider: string,
    user: string,
    userRegion: string,
    calls: number,
    amount: number,
    purpose = 'INDUSTRY_DEVELOPMENT',
  ) => ({
    usage_id: id,
    period_month: month,
    product_id: product,
    provider_region_code: provider,
    user_org_id: user,
    user_region_code: userRegion,
    calls,
    amount_cny: amount,
    use_purpose: purpose,
  });
  await insertRecords(con, 'usage', [
    u('U1', '2025-04-01', 'P1', '330000', 'UA', '330000', 100, 50),
    u('U2', '2025-10-01', 'P1', '330000', 'UB', '110000', 300, 150),
    u('U3', '2025-11-01', 'P1', '330000', 'UA', '330000', 50, 0, 'PUBLIC_GOVERNANCE'),
    u('U4', '2025-12-01', 'P2', '110000', 'UA', '110000', 200, 80, 'SECTOR_DEVELOPMENT'),
    u('U5', '2026-04-01', 'P1', '330000', 'UA', '330000', 999, 999),
  ]);
}
