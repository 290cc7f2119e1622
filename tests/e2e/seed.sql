-- Deterministic browser-test data when the sample generator is not available: every province with population, the
-- twelve "Data Elements x" sectors, 24 months (2024-01..2025-12), uneven by design (hash-based weights) so maps and
-- heatmaps have contrast. Tibet (540000) is left without records on purpose: the map must show it as "no data".
CREATE TEMP TABLE seed_region AS
  SELECT region_code, pop_2020, row_number() OVER (ORDER BY sort_order) AS i
  FROM ref_region WHERE is_province AND region_code <> '540000';
CREATE TEMP TABLE seed_sector AS
  SELECT sector_code, row_number() OVER (ORDER BY sort_order) AS j FROM ref_sector WHERE is_data_elements_x;
INSERT INTO "authorization" (auth_id, auth_mode, granting_authority_org_id, operator_org_id, region_code, sector_code, term_start, term_end, status, batch_id)
SELECT 'AU-' || r.region_code || '-' || s.sector_code, 'DOMAIN', 'G-' || r.region_code, 'OP-' || r.region_code || '-' || s.j,
       r.region_code, s.sector_code, DATE '2023-06-01' + ((hash(r.i, s.j) % 500)::INTEGER), DATE '2027-12-31', 'ACTIVE', 1
FROM seed_region r, seed_sector s
WHERE hash(r.i * 7, s.j * 13) % 3 <> 0;
INSERT INTO product (product_id, auth_id, operator_org_id, sector_code, product_form, charge_basis, launched_at, batch_id)
SELECT a.auth_id || '-P' || k, a.auth_id, a.operator_org_id, a.sector_code, 'API', 'PER_CALL', a.term_start + (30 * k)::INTEGER, 1
FROM "authorization" a, range(1, 3) t(k);
INSERT INTO usage (usage_id, period_month, product_id, auth_id, provider_region_code, user_org_id, user_type, user_region_code, use_purpose, calls, amount_cny, batch_id)
SELECT p.product_id || '-' || strftime(m.month, '%Y%m') || '-' || u.k, m.month, p.product_id, p.auth_id, a.region_code,
       'USER-' || (hash(p.product_id, u.k) % 400), (['BANK', 'ENTERPRISE', 'GOVERNMENT_UNIT', 'INSURER'])[u.k],
       a.region_code, (['INDUSTRY_DEVELOPMENT', 'SECTOR_DEVELOPMENT', 'PUBLIC_GOVERNANCE', 'INDUSTRY_DEVELOPMENT'])[u.k],
       (10 + hash(p.product_id, m.month, u.k) % 200) * (1 + (sr.pop_2020 // 20000000)) * (1 + datediff('month', DATE '2024-01-01', m.month) // 6),
       CASE WHEN u.k = 3 THEN 0 ELSE ((hash(p.product_id, u.k) % 90) * 10 + 100)::DECIMAL(18, 2) END, 1
FROM product p JOIN "authorization" a ON a.auth_id = p.auth_id JOIN seed_region sr ON sr.region_code = a.region_code,
     (SELECT range::DATE AS month FROM range(DATE '2024-01-01', DATE '2026-01-01', INTERVAL 1 MONTH)) m, range(1, 5) u(k)
WHERE m.month >= date_trunc('month', p.launched_at) AND hash(p.product_id, m.month, u.k) % 4 <> 0;
INSERT INTO registration (reg_event_id, asset_uid, object_type, reg_type, region_code, sector_code, data_name, status, registered_at, source, batch_id)
SELECT 'E-' || r.region_code || '-' || s.sector_code || '-' || n, 'A-' || r.region_code || '-' || s.sector_code || '-' || n,
       'PUBLIC_DATA_RESOURCE', 'INITIAL', r.region_code, s.sector_code, 'resource ' || n, 'REGISTERED',
       DATE '2024-01-01' + ((hash(r.i, s.j, n) % 720)::INTEGER), 'e2e-seed', 1
FROM seed_region r, seed_sector s, range(0, 6) t(n)
WHERE hash(r.i, s.j, n) % 5 < 2 + (r.i % 3);
INSERT INTO rollup_usage_month
SELECT u.period_month, u.provider_region_code, p.sector_code, u.user_type, u.use_purpose,
       u.user_region_code <> u.provider_region_code, count(*), sum(u.calls), 0, 0, sum(u.amount_cny),
       sum(CASE WHEN u.use_purpose IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE') THEN 0 ELSE u.amount_cny END), 0
FROM usage u JOIN product p USING (product_id)
GROUP BY ALL;
