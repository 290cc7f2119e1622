import type { DuckDBConnection } from '@duckdb/node-api';
import { execute, type SqlParam } from '../db/query.ts';

// Small record sets for tests, inserted with SQL into a real (in-memory) AtlasDb. Defaults fill the NOT NULL columns
// a test does not care about; dates are ISO text cast by DuckDB on insert.
const DEFAULTS: Record<string, Record<string, SqlParam>> = {
  registration: { object_type: 'PUBLIC_DATA_RESOURCE', reg_type: 'INITIAL', data_name: 'test data', status: 'REGISTERED', source: 'registration-platform', batch_id: 1 },
  authorization: { auth_mode: 'SCENARIO', granting_authority_org_id: 'G1', operator_org_id: 'O1', status: 'ACTIVE', batch_id: 1 },
  authorization_resource: { batch_id: 1 },
  product: { operator_org_id: 'O1', product_form: 'API_QUERY', charge_basis: 'PER_CALL', batch_id: 1 },
  usage: { user_type: 'ENTERPRISE', use_purpose: 'INDUSTRY_DEVELOPMENT', amount_cny: 0, batch_id: 1 },
  ingest_warning: { table_name: 'registration', rule_code: 'FILING_LATE', message: 'test', batch_id: 1 },
};

export async function insertRecords(con: DuckDBConnection, table: keyof typeof DEFAULTS, rows: Record<string, SqlParam>[]): Promise<void> {
  for (const row of rows) {
    const r = { ...DEFAULTS[table], ...row };
    const cols = Object.keys(r);
    const params = Object.fromEntries(cols.map((c, i) => [`p${i}`, r[c]]));
    await execute(con, `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((_, i) => `$p${i}`).join(', ')})`, params);
  }
}
