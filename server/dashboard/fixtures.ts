/**
 * A small hand-checkable data set for the dashboard tests, inserted with SQL (the same rows ingestion would write).
 * Beijing (110000) and Zhejiang (330000), sectors DEX01 and DEX05, usage in 2024-01..2024-04.
 */
import type { AtlasDb } from '../db/database.ts';

export const FIXTURE_SQL = `
INSERT INTO registration (reg_event_id, asset_uid, object_type, reg_type, region_code, sector_code, data_name, status, registered_at, source, batch_id) VALUES
  ('E1', 'A1', 'PUBLIC_DATA_RESOURCE', 'INITIAL', '110000', 'DEX01', 'r1', 'REGISTERED', DATE '2024-01-10', 'fixture', 1),
  ('E2', 'A1', 'PUBLIC_DATA_RESOURCE', 'CHANGE',  '110000', 'DEX01', 'r1', 'REGISTERED', DATE '2024-03-10', 'fixture', 1),
  ('E3', 'A2', 'PUBLIC_DATA_RESOURCE', 'INITIAL', '110000', 'DEX05', 'r2', 'REGISTERED', DATE '2024-03-02', 'fixture', 1),
  ('E4', 'A3', 'PUBLIC_DATA_RESOURCE', 'INITIAL', '330000', 'DEX05', 'r3', 'REGISTERED', DATE '2024-04-20', 'fixture', 1),
  ('E5', 'P1', 'DATA_PRODUCT_SERVICE', 'INITIAL', '330000', 'DEX05', 'p1', 'REGISTERED', DATE '2024-04-21', 'fixture', 1);
INSERT INTO "authorization" (auth_id, auth_mode, granting_authority_org_id, operator_org_id, region_code, sector_code, term_start, term_end, status, batch_id) VALUES
  ('AU1', 'DOMAIN', 'G1', 'O1', '110000', 'DEX01', DATE '2023-01-01', DATE '2025-12-31', 'ACTIVE', 1),
  ('AU2', 'DOMAIN', 'G2', 'O2', '330000', 'DEX05', DATE '2024-03-01', DATE '2026-12-31', 'ACTIVE', 1),
  ('AU3', 'DOMAIN', 'G2', 'O3', '330000', 'DEX05', DATE '2024-01-01', DATE '2026-12-31', 'SELECTING', 1);
INSERT INTO product (product_id, auth_id, operator_org_id, sector_code, product_form, charge_basis, launched_at, batch_id) VALUES
  ('PR1', 'AU1', 'O1', 'DEX01', 'API', 'PER_CALL', DATE '2024-01-15', 1),
  ('PR2', 'AU2', 'O2', 'DEX05', 'API', 'PER_CALL', DATE '2024-03-05', 1);
INSERT INTO usage (usage_id, period_month, product_id, auth_id, provider_region_code, user_org_id, user_type, user_region_code, use_purpose, calls, amount_cny, batch_id) VALUES
  ('U1', DATE '2024-01-01', 'PR1', 'AU1', '110000', 'BANK1', 'BANK', '110000', 'INDUSTRY_DEVELOPMENT', 100, 1000.00, 1),
  ('U2', DATE '2024-02-01', 'PR1', 'AU1', '110000', 'BANK1', 'BANK', '110000', 'INDUSTRY_DEVELOPMENT', 200, 2000.00, 1),
  ('U3', DATE '2024-02-01', 'PR1', 'AU1', '110000', 'GOV1', 'GOVERNMENT_UNIT', '110000', 'PUBLIC_GOVERNANCE', 50, 0, 1),
  ('U4', DATE '2024-03-01', 'PR2', 'AU2', '330000', 'BANK1', 'BANK', '110000', 'INDUSTRY_DEVELOPMENT', 400, 4000.00, 1),
  ('U5', DATE '2024-04-01', 'PR2', 'AU2', '330000', 'ENT1', 'ENTERPRISE', '330000', 'INDUSTRY_DEVELOPMENT', 800, 8000.00, 1);
INSERT INTO rollup_usage_month
SELECT u.period_month, u.provider_region_code, p.sector_code, u.user_type, u.use_purpose,
       u.user_region_code <> u.provider_region_code, count(*), sum(u.calls), 0, 0, sum(u.amount_cny),
       sum(CASE WHEN u.use_purpose IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE') THEN 0 ELSE u.amount_cny END), 0
FROM usage u JOIN product p USING (product_id)
GROUP BY ALL;
`;

export async function insertFixture(db: AtlasDb): Promise<void> {
  await db.withConnection((con) => con.run(FIXTURE_SQL));
}
