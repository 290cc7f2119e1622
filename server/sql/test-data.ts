import type { AtlasDb } from '../db/database.ts';
import { quoteIdent } from '../db/sql-text.ts';

/**
 * Deterministic records for the workbench tests and benchmark: organisations, registrations, authorizations, products
 * and `usageRows` usage rows spread over provinces, sectors, months, user types and purposes. Written through the main
 * instance under db.writes, then announced like an ingest so the analyst snapshot follows.
 */
export async function loadWorkbenchData(db: AtlasDb, usageRows = 20_000): Promise<void> {
  await db.writes.run(() =>
    db.withConnection(async (con) => {
      await con.run(
        `CREATE TEMP TABLE prov AS SELECT region_code, row_number() OVER (ORDER BY region_code) - 1 AS k FROM ref_region WHERE is_province`,
      );
      await con.run(
        `CREATE TEMP TABLE sect AS SELECT sector_code, row_number() OVER (ORDER BY sector_code) - 1 AS k FROM ref_sector WHERE is_data_elements_x`,
      );
      await con.run(`INSERT INTO org SELECT 'ORG' || i, NULL, '机构' || i, CASE WHEN i % 4 = 0 THEN 'OPERATOR' WHEN i % 4 = 1 THEN 'DATA_HOLDER' WHEN i % 4 = 2 THEN 'GRANTING_AUTHORITY' ELSE 'USER' END,
        NULL, 'PROVINCIAL', (SELECT region_code FROM prov WHERE k = i % 31), (SELECT sector_code FROM sect WHERE k = i % 12), false, 1 FROM range(400) t(i)`);
      await con.run(`INSERT INTO registration (reg_event_id, asset_uid, object_type, reg_type, registrant_org_id, region_code, sector_code, data_name,
          record_count, open_attribute, status, submitted_at, registered_at, quality_score, source, batch_id)
        SELECT 'REG' || i, 'A' || i, CASE WHEN i % 3 = 0 THEN 'DATA_PRODUCT_SERVICE' ELSE 'PUBLIC_DATA_RESOURCE' END, 'INITIAL', 'ORG' || (i % 400),
          (SELECT region_code FROM prov WHERE k = i % 31), (SELECT sector_code FROM sect WHERE k = (i * 7) % 12), '数据资源 ' || i,
          1000 * (i % 97), CASE WHEN i % 2 = 0 THEN 'CONDITIONAL_OPEN' ELSE 'UNCONDITIONAL_OPEN' END, 'REGISTERED',
          DATE '2025-03-01' + (i % 300)::INTEGER, DATE '2025-03-10' + (i % 300)::INTEGER, 60 + i % 40, 'registration-platform', 1 FROM range(2000) t(i)`);
      await con.run(`INSERT INTO "authorization" (auth_id, auth_mode, granting_authority_org_id, operator_org_id, region_code, sector_code, scenario_name,
          term_start, term_end, max_allowed_revenue_cny, revenue_reported_cny, status, is_replicated_from, batch_id)
        SELECT 'AUTH' || i, 'SCENARIO', 'ORG' || (i * 4 + 2), 'ORG' || (i * 4), (SELECT region_code FROM prov WHERE k = i % 31),
          (SELECT sector_code FROM sect WHERE k = i % 12), '场景 ' || (i % 10), DATE '2025-01-01', DATE '2029-12-31', 1000000, 10000 * i, 'ACTIVE',
          CASE WHEN i >= 10 THEN 'AUTH' || (i % 10) END, 1 FROM range(90) t(i)`);
      await con.run(`INSERT INTO product (product_id, product_name, auth_id, operator_org_id, sector_code, product_form, charge_basis, cap_unit_price_cny,
          list_unit_price_cny, launched_at, batch_id)
        SELECT 'PRD' || i, '数据产品 ' || i, 'AUTH' || (i % 90), 'ORG' || ((i % 90) * 4), (SELECT sector_code FROM sect WHERE k = (i % 90) % 12),
          CASE WHEN i % 2 = 0 THEN 'API_QUERY' ELSE 'MODEL_SCORE' END, 'PER_CALL', 0.5, 0.1 + (i % 5) / 10, DATE '2025-03-01', 1 FROM range(300) t(i)`);
      await con.run(`INSERT INTO usage SELECT 'USE' || i, DATE '2025-03-01' + to_months((i % 18)::INTEGER), 'PRD' || (i % 300), 'AUTH' || ((i % 300) % 90),
          (SELECT region_code FROM prov WHERE k = ((i % 300) % 90) % 31), 'ORG' || ((i * 13) % 400),
          CASE WHEN i % 3 = 0 THEN 'ENTERPRISE' WHEN i % 3 = 1 THEN 'GOVERNMENT' ELSE 'INDIVIDUAL' END,
          (SELECT region_code FROM prov WHERE k = (i * 7) % 31),
          CASE WHEN i % 4 = 0 THEN 'PUBLIC_GOVERNANCE' ELSE 'INDUSTRY_DEVELOPMENT' END, 100 + i % 1000, 10 * (i % 100), (i % 50) / 10.0,
          CASE WHEN i % 4 = 0 THEN 0 ELSE (i % 1000) / 10.0 END, 0.9 + (i % 10) / 100.0, i % 20 = 0, 1 FROM range(${Math.floor(usageRows)}) t(i)`);
      // what ingestion keeps current inside its transaction
      await con.run(`INSERT INTO rollup_usage_month SELECT u.period_month, u.provider_region_code, p.sector_code, u.user_type, u.use_purpose,
          u.provider_region_code <> u.user_region_code, count(*), sum(u.calls), coalesce(sum(u.records_delivered), 0), coalesce(sum(u.data_volume_gb), 0),
          sum(u.amount_cny), coalesce(sum(u.amount_cny) FILTER (WHERE u.use_purpose NOT IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE')), 0), count(*) FILTER (WHERE u.new_user)
        FROM usage u JOIN product p USING (product_id) GROUP BY ALL`);
      await con.run('DROP TABLE prov');
      await con.run('DROP TABLE sect');
    }),
  );
  await db.notifyDataChanged();
}

/** A fingerprint of every table's content, to show that analyst SQL changed nothing. */
export async function dataChecksum(db: AtlasDb): Promise<Record<string, string>> {
  return db.withConnection(async (con) => {
    const tables = (
      await con.runAndReadAll(
        `SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary ORDER BY 1`,
      )
    )
      .getRowObjectsJS()
      .map((r) => String(r.table_name));
    const out: Record<string, string> = {};
    for (const t of tables) {
      // Names come from the catalog; hash_agg-like fingerprint: count plus the sum of row hashes.
      const r = await con.runAndReadAll(
        `SELECT count(*)::VARCHAR || ':' || coalesce(sum(hash(x)), 0)::VARCHAR AS h FROM ${quoteIdent(t)} x`,
      );
      out[t] = String(r.getRowObjectsJS()[0].h);
    }
    return out;
  });
}
