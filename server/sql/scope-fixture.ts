import type { AtlasDb } from '../db/database.ts';
import { queryRows } from '../db/query.ts';
import { quoteIdent } from '../db/sql-text.ts';
import { SCOPED_TABLES, scopePredicate } from '../db/scope.ts';

/**
 * Records for the scoped-analyst tests: every region gets organisations, registrations, authorizations with granted
 * resources and products, usage and its rollup, old versions in record_history, warnings, batches and rejects. Every
 * text an analyst could read off a row of region R carries the marker "secret-R", so a result that holds a marker of a
 * region outside the reader's scope is a leak, whatever the SQL that produced it.
 */
export const IN_SCOPE = ['500000', '510000'] as const;
export const OUT_OF_SCOPE = ['110000', '330000', '440000'] as const;
const REGIONS = [...IN_SCOPE, ...OUT_OF_SCOPE];

/** The regions named by the markers in a text. */
export function markedRegions(text: string): Set<string> {
  return new Set([...text.matchAll(/secret-(\d{6})/g)].map((m) => m[1]));
}

export async function loadScopeFixture(db: AtlasDb): Promise<void> {
  const regions = `[${REGIONS.map((r) => `'${r}'`).join(', ')}]`;
  await db.writes.run(() =>
    db.withConnection(async (con) => {
      await con.run(`CREATE TEMP TABLE fx_region AS SELECT unnest(${regions}) AS r`);
      await con.run(`INSERT INTO org (org_id, name, org_role, region_code, batch_id)
        SELECT 'ORG-' || r || '-' || i, 'secret-' || r || ' org ' || i, 'OPERATOR', r, 2 FROM fx_region, range(1, 4) t(i)`);
      await con.run(`INSERT INTO registration (reg_event_id, asset_uid, object_type, reg_type, registrant_org_id, region_code,
          sector_code, data_name, status, source, batch_id)
        SELECT 'REG-' || r || '-' || i, 'A-' || r || '-' || i, 'PUBLIC_DATA_RESOURCE', 'INITIAL', 'ORG-' || r || '-1', r,
          'DEX05', 'secret-' || r || ' data ' || i, 'REGISTERED', 'registration-platform', 2 FROM fx_region, range(1, 5) t(i)`);
      await con.run(`INSERT INTO "authorization" (auth_id, auth_mode, granting_authority_org_id, operator_org_id, region_code,
          sector_code, scenario_name, term_start, term_end, status, batch_id)
        SELECT 'AUTH-' || r || '-' || i, 'SCENARIO', 'ORG-' || r || '-1', 'ORG-' || r || '-2', r, 'DEX05',
          'secret-' || r || ' scenario ' || i, DATE '2025-01-01', DATE '2029-12-31', 'ACTIVE', 2
        FROM fx_region, range(1, 3) t(i)`);
      // the granted resources and products carry no region of their own: they are their authorization's
      await con.run(`INSERT INTO authorization_resource
        SELECT 'AUTH-' || r || '-' || i, 'A-' || r || '-' || (i + k), DATE '2025-02-01', NULL, 2
        FROM fx_region, range(1, 3) t(i), range(0, 2) s(k)`);
      await con.run(`INSERT INTO product (product_id, product_name, auth_id, operator_org_id, sector_code, product_form,
          charge_basis, batch_id)
        SELECT 'PRD-' || r || '-' || i || '-' || k, 'secret-' || r || ' product', 'AUTH-' || r || '-' || i, 'ORG-' || r || '-2',
          'DEX05', 'API_QUERY', 'PER_CALL', 2 FROM fx_region, range(1, 3) t(i), range(1, 3) s(k)`);
      // a product whose authorization is missing has no region: only national readers see it
      await con.run(`INSERT INTO product (product_id, product_name, auth_id, operator_org_id, sector_code, product_form,
          charge_basis, batch_id) VALUES ('PRD-ORPHAN', 'secret-000000 orphan', 'AUTH-NONE', 'ORG-510000-2', 'DEX05',
          'API_QUERY', 'PER_CALL', 2)`);
      // usage by users of the next region: a row is its provider's, whoever used it
      await con.run(`INSERT INTO usage (usage_id, period_month, product_id, auth_id, provider_region_code, user_org_id,
          user_type, user_region_code, use_purpose, calls, amount_cny, batch_id)
        SELECT 'secret-' || r || '-use-' || m || '-' || i, DATE '2025-01-01' + to_months(m::INTEGER),
          'PRD-' || r || '-' || i || '-1', 'AUTH-' || r || '-' || i, r,
          'ORG-' || ${regions}[(list_position(${regions}, r) % ${REGIONS.length}) + 1] || '-3', 'ENTERPRISE',
          ${regions}[(list_position(${regions}, r) % ${REGIONS.length}) + 1], 'INDUSTRY_DEVELOPMENT', 100 * i + m, 10 * i, 2
        FROM fx_region, range(0, 6) t(m), range(1, 3) s(i)`);
      await con.run(`INSERT INTO rollup_usage_month SELECT u.period_month, u.provider_region_code, p.sector_code, u.user_type,
          u.use_purpose, u.provider_region_code <> u.user_region_code, count(*), sum(u.calls), 0, 0, sum(u.amount_cny),
          sum(u.amount_cny), 0
        FROM usage u JOIN product p USING (product_id) GROUP BY ALL`);

      // old versions (batch 1, replaced by batch 2), as ingestion keeps them: the old row as JSON
      const history = (table: string, key: string, row: string) =>
        con.run(
          `INSERT INTO record_history SELECT '${table}', ${key}, 1, 2, TIMESTAMP '2025-06-01', to_json(t) FROM (${row}) t`,
        );
      await history(
        'org',
        'org_id',
        `SELECT * REPLACE ('secret-' || region_code || ' old org' AS name, 1 AS batch_id) FROM org`,
      );
      await history(
        'registration',
        'reg_event_id',
        `SELECT * REPLACE ('secret-' || region_code || ' old data' AS data_name, 1 AS batch_id) FROM registration`,
      );
      await history(
        'authorization',
        'auth_id',
        `SELECT * REPLACE ('secret-' || region_code || ' old scenario' AS scenario_name, 1 AS batch_id) FROM "authorization"`,
      );
      await history(
        'product',
        'product_id',
        `SELECT p.* REPLACE ('secret-' || a.region_code || ' old product' AS product_name, 1 AS batch_id)
         FROM product p JOIN "authorization" a USING (auth_id)`,
      );
      await history(
        'authorization_resource',
        `auth_id || '|' || asset_uid`,
        `SELECT r.* REPLACE (a.scenario_name AS asset_uid, 1 AS batch_id)
         FROM authorization_resource r JOIN "authorization" a USING (auth_id)`,
      );
      await history('usage', 'usage_id', `SELECT * REPLACE (1 AS batch_id) FROM usage`);
      // ORG-510000-3 moved: its old version was Guangdong's, and stays Guangdong's
      await con.run(`UPDATE record_history SET record = json_merge_patch(record, '{"region_code": "440000", "name": "secret-440000 moved"}')
        WHERE table_name = 'org' AND record_key = 'ORG-510000-3'`);

      // warnings about live versions (batch 2) and old ones (batch 1), and one about a version that does not exist
      await con.run(`INSERT INTO ingest_warning
        SELECT 2, 'org', org_id, NULL, 'name', NULL, 'TEST', 'secret-' || region_code || ' live warning' FROM org
        UNION ALL SELECT 2, 'usage', usage_id, NULL, 'calls', NULL, 'TEST', 'secret-' || provider_region_code || ' usage warning' FROM usage
        UNION ALL SELECT 2, 'authorization_resource', auth_id || '|' || asset_uid, NULL, NULL, NULL, 'TEST',
          'secret-' || split_part(auth_id, '-', 2) || ' grant warning' FROM authorization_resource
        UNION ALL SELECT 2, 'product', product_id, NULL, NULL, NULL, 'TEST',
          'secret-' || split_part(auth_id, '-', 2) || ' product warning' FROM product WHERE auth_id <> 'AUTH-NONE'
        UNION ALL SELECT 1, 'registration', record_key, NULL, NULL, NULL, 'TEST', 'secret-' || (record->>'region_code') || ' old warning'
          FROM record_history WHERE table_name = 'registration'
        UNION ALL SELECT 1, 'org', 'ORG-510000-3', NULL, NULL, NULL, 'TEST', 'secret-440000 warning about the moved version'
        UNION ALL SELECT 2, 'org', 'ORG-GONE', NULL, NULL, NULL, 'TEST', 'secret-000000 warning about nothing'`);

      // batches: national ones (NULL scope), and stewards' of one scope or another; each names a region in its rejects
      await con.run(`CREATE TEMP TABLE fx_batch AS SELECT * FROM (VALUES (1, '110000', NULL, NULL), (2, '110000', NULL, NULL),
          (3, '510000', 'sc', ['510000']), (4, '440000', 'gd', ['440000']), (5, '440000', 'both', ['510000', '440000']),
          (6, '330000', 'none', []), (7, '500000', 'cq', ['500000', '510000'])) v(id, marker, acct, sc)`);
      await con.run(`INSERT INTO ingest_batch (batch_id, kind, file_name, content_hash, file_bytes, status, started_at,
          rows_read, rejected, summary, account, scope)
        SELECT id, 'org', 'f' || id || '.csv', 'h' || id, 10, 'COMMITTED', TIMESTAMP '2025-06-01', 10, 2,
          json_object('first_rejects', [json_object('value', 'secret-' || marker)]), acct, sc::VARCHAR[] FROM fx_batch`);
      await con.run(`INSERT INTO ingest_reject
        SELECT id, 'f' || id || '.csv', 1 + k, 'region_code', 'secret-' || marker, 'out_of_scope', 'test'
        FROM fx_batch, range(2) t(k)`);
      await con.run('DROP TABLE fx_batch');
      await con.run('DROP TABLE fx_region');
    }),
  );
  await db.notifyDataChanged();
}

/** Rows of each scoped table a reader of `scope` may see, counted on the main database by scope.ts's rules. */
export async function scopedCounts(db: AtlasDb, scope: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  await db.withConnection(async (con) => {
    for (const table of SCOPED_TABLES) {
      const [r] = await queryRows<{ n: number }>(
        con,
        `SELECT count(*) AS n FROM ${quoteIdent(table)} t WHERE ${scopePredicate(table)}`,
        { scope: [...scope] },
      );
      out[table] = r.n;
    }
  });
  return out;
}
