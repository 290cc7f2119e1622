-- Registered data products and services (domain-research §7.4) with the planning columns usage needs.
-- Agreements that are in force or were get products: 2 per planted-model agreement (with the model's form and charge
-- basis), 3 + ⌊2 × lognormal(σ 0.5)⌋ per OVERALL agreement (median 5; sectors picked by the region's demand mix),
-- 1 + ⌊1.8 × lognormal(σ 0.6)⌋ otherwise (median 2).
-- Forms 30/15/20/12/10/8/5 %, charge bases and delivery modes follow the form; list price 0.6–1.0 × cap, 1.5 % above it.
-- Launch 10–120 days after the term starts and by 2026-07-31; usage weight = cell demand / cell products × lognormal.
-- Parameters: $seed, $cells, $auth_plan, $planted_models.
WITH cell AS (
  SELECT * FROM read_parquet($cells)
), model AS (
  SELECT DISTINCT model, product_form, charge_basis FROM read_csv($planted_models, header = true, auto_detect = false, columns = {
    'model': 'VARCHAR', 'scenario_name': 'VARCHAR', 'sector_code': 'VARCHAR', 'auth_mode': 'VARCHAR',
    'product_form': 'VARCHAR', 'charge_basis': 'VARCHAR', 'region_code': 'VARCHAR', 'adoption_order': 'INTEGER',
    'replicates_order': 'INTEGER', 'term_start': 'DATE', 'trend': 'DOUBLE', 'free_share': 'DOUBLE'})
), auth AS (
  SELECT * FROM read_parquet($auth_plan) WHERE status NOT IN ('PLANNING', 'SELECTING')
), slot AS (
  SELECT a.*, ks.k, a.auth_id || '/' || ks.k AS pkey
  FROM auth a CROSS JOIN LATERAL (SELECT unnest(range(0,
    CASE WHEN a.model IS NOT NULL THEN 2
         WHEN a.auth_mode = 'OVERALL' THEN 3 + floor(2 * exp(0.5 * gen_normal($seed, a.auth_id, 'n-products')))::INTEGER
         ELSE 1 + floor(1.8 * exp(0.6 * gen_normal($seed, a.auth_id, 'n-products')))::INTEGER END)) AS k) ks
), placed AS (
  SELECT s.*, c.sector_code AS product_sector, c.scenarios, c.demand_w, c.growth AS cell_growth, c.user_type_weights,
         m.product_form AS model_form, m.charge_basis AS model_charge
  FROM slot s
  JOIN cell c ON c.region_code = s.region_code
    AND CASE WHEN s.sector_code IS NULL
             THEN gen_rand($seed, s.pkey, 'sector') >= c.sector_cum_lo AND gen_rand($seed, s.pkey, 'sector') < c.sector_cum_hi
             ELSE c.sector_code = s.sector_code END
  LEFT JOIN model m ON m.model = s.model
), formed AS (
  SELECT *,
         coalesce(model_form, CASE
           WHEN gen_rand($seed, pkey, 'form') < 0.30 THEN 'API_QUERY' WHEN gen_rand($seed, pkey, 'form') < 0.45 THEN 'VERIFICATION'
           WHEN gen_rand($seed, pkey, 'form') < 0.65 THEN 'MODEL_SCORE' WHEN gen_rand($seed, pkey, 'form') < 0.77 THEN 'DATASET_FILE'
           WHEN gen_rand($seed, pkey, 'form') < 0.87 THEN 'PRIVACY_COMPUTING' WHEN gen_rand($seed, pkey, 'form') < 0.95 THEN 'ANALYTIC_REPORT'
           ELSE 'AI_TRAINING_DATASET' END) AS product_form,
         gen_rand($seed, pkey, 'charge') AS u_charge
  FROM placed
), charged AS (
  SELECT *,
         coalesce(model_charge, CASE
           WHEN product_form IN ('API_QUERY', 'VERIFICATION', 'MODEL_SCORE') THEN CASE WHEN u_charge < 0.85 THEN 'PER_CALL' ELSE 'PER_TIME' END
           WHEN product_form = 'DATASET_FILE' THEN CASE WHEN u_charge < 0.6 THEN 'PER_DATA_VOLUME' ELSE 'PER_PRODUCT' END
           WHEN product_form = 'AI_TRAINING_DATASET' THEN CASE WHEN u_charge < 0.7 THEN 'PER_DATA_VOLUME' ELSE 'PER_PRODUCT' END
           WHEN product_form = 'PRIVACY_COMPUTING' THEN CASE WHEN u_charge < 0.7 THEN 'PER_TIME' ELSE 'PER_CALL' END
           ELSE CASE WHEN u_charge < 0.7 THEN 'PER_PRODUCT' ELSE 'PER_TIME' END END) AS charge_basis,
         CASE WHEN product_form IN ('API_QUERY', 'VERIFICATION', 'MODEL_SCORE') THEN 'API'
              WHEN product_form IN ('DATASET_FILE', 'AI_TRAINING_DATASET') THEN 'FILE_TRANSFER'
              WHEN product_form = 'PRIVACY_COMPUTING' THEN 'SANDBOX_PRIVACY_COMPUTING'
              WHEN gen_rand($seed, pkey, 'delivery') < 0.6 THEN 'ONLINE_PLATFORM' ELSE 'OFFLINE_REPORT' END AS delivery_mode,
         CASE WHEN model IS NOT NULL THEN gen_weekday((term_start + 14)::DATE)
              ELSE gen_weekday((term_start + 10 + floor(gen_rand($seed, pkey, 'launch') * 110)::INTEGER)::DATE) END AS launched_at
  FROM formed
), priced AS (
  SELECT *,
         round(CASE charge_basis
           WHEN 'PER_CALL' THEN least(20, greatest(0.01, CASE WHEN product_form = 'MODEL_SCORE' THEN 1.0 ELSE 0.5 END
                                                          * exp(0.9 * gen_normal($seed, pkey, 'cap'))))
           WHEN 'PER_TIME' THEN 20000 * exp(0.5 * gen_normal($seed, pkey, 'cap'))
           WHEN 'PER_DATA_VOLUME' THEN 2000 * exp(0.6 * gen_normal($seed, pkey, 'cap'))
           ELSE 50000 * exp(0.6 * gen_normal($seed, pkey, 'cap')) END, 2) AS cap_price
  FROM charged
  WHERE launched_at <= least(service_end - 30, DATE '2026-07-31')
)
SELECT 'DP-' || p.region_code || '-' || gen_pad(row_number() OVER (PARTITION BY p.region_code ORDER BY p.auth_id, p.k), 5) AS product_id,
       coalesce(p.scenario_name, gen_pick($seed, p.pkey, 'scenario', p.scenarios)) || l.label_zh
         || CASE WHEN p.k > 0 OR gen_rand($seed, p.pkey, 'edition') < 0.3
                 THEN '（' || ['标准版', '专业版', '企业版', '区域版', '定制版', '增强版'][1 + ((p.k + hash($seed || '|' || p.pkey || '|' || 'edition')) % 6)::BIGINT] || '）'
                 ELSE '' END AS product_name,
       p.auth_id, p.operator_org_id, p.product_sector AS sector_code,
       coalesce(p.scenario_name, gen_pick($seed, p.pkey, 'scenario', p.scenarios)) AS scenario_name,
       p.product_form, p.delivery_mode, p.charge_basis,
       p.cap_price::DECIMAL(18, 2) AS cap_unit_price_cny,
       round(p.cap_price * CASE WHEN gen_rand($seed, p.pkey, 'over-cap') < 0.015 THEN 1.05 + 0.25 * gen_rand($seed, p.pkey, 'list')
                                ELSE 0.6 + 0.4 * gen_rand($seed, p.pkey, 'list') END, 2)::DECIMAL(18, 2) AS list_unit_price_cny,
       p.launched_at,
       -- planning columns (not part of the product table)
       p.region_code, p.pkey, p.model, p.free_share, p.service_end, p.user_type_weights,
       coalesce(p.trend, p.cell_growth, -0.03 + 0.09 * gen_rand($seed, p.pkey, 'growth')) AS growth,
       p.demand_w / count(*) OVER (PARTITION BY p.region_code, p.product_sector)
         * exp(0.7 * gen_normal($seed, p.pkey, 'weight')) * CASE WHEN p.model IS NOT NULL THEN 3 ELSE 1 END AS usage_weight
FROM priced p
JOIN enum_label l ON l.enum_name = 'product_form' AND l.code = p.product_form
ORDER BY product_id
