-- Monthly usage: one row per product × month × customer slot (domain-research §7.5). A slot is one customer for the
-- product's whole life, so users, calls and new users stay coherent month to month:
--   user type by the product sector's user mix; purpose by user type (government units mostly public governance,
--   others mostly industry development; 20/10/60/10 % overall), planted models force their free share;
--   user region: the provider's province for 85 % of slots, else any region by demand weight;
--   user: the rank-th user of its (region, type) pool from a product-specific offset, so one product never counts a
--   user twice; slots beyond the pool's size are dropped.
-- Calls: lognormal per slot (median 3,000/month, sigma 1.8; models sigma 1.0), growing with the slot's age, noise sigma
-- 0.2 (0.03 for models), in the launch month only for the days on offer. Files (DATASET_FILE, AI_TRAINING_DATASET) and
-- per-product charging count deliveries instead: 1–3 a month.
-- Records delivered = calls × the product's records per call: 1 for a verification, a score or a report; API queries
-- lognormal median 5 (1–200); privacy computing median 200 result rows (10–5,000); a dataset file median 100,000
-- records a delivery (1,000–5e7), an AI training set 1 million (10,000–2e8).
-- Amount: 0 for free purposes (0.4 % carry one anyway), otherwise calls, data volume, a month of subscription or
-- deliveries × list price. Success rate ~ Beta(40, 1).
-- Everything is drawn per product, so the query runs on one block of products at a time (product ids $first_product
-- to $last_product): a block's rows are the same whichever blocks the products are cut into.
-- Parameters: $seed, $product_plan, $product_month, $user_pools, $regions, $first_product, $last_product.
WITH product AS (
  SELECT product_id, auth_id, region_code, product_form, charge_basis, list_unit_price_cny, free_share, model, growth,
         user_type_weights,
         list_transform(range(1, 8), lambda i: list_sum(user_type_weights[1:i])) AS type_cum
  FROM read_parquet($product_plan)
  WHERE product_id BETWEEN $first_product AND $last_product
), product_month AS (
  SELECT * FROM read_parquet($product_month) WHERE product_id BETWEEN $first_product AND $last_product
), slot AS (
  SELECT p.*, s.j, p.product_id || '#' || s.j AS skey,
         -- the slot's draws, made once and then looked up in lists
         gen_rand($seed, p.product_id || '#' || s.j, 'type') AS u_type,
         gen_rand($seed, p.product_id || '#' || s.j, 'home') AS u_home,
         gen_rand($seed, p.product_id || '#' || s.j, 'away') AS u_away,
         gen_rand($seed, p.product_id || '#' || s.j, 'purpose') AS u_purpose
  FROM product p
  JOIN (SELECT product_id, max(n_slots) AS max_slots FROM product_month GROUP BY product_id) m USING (product_id)
  CROSS JOIN LATERAL (SELECT unnest(range(0, m.max_slots)) AS j) s
), region_pick AS (
  -- regions in order with their cumulative demand share, to draw a cross-province user's region by one list lookup
  SELECT list(region_code ORDER BY sort_order) AS codes, list(demand_cum_hi ORDER BY sort_order) AS cum_hi
  FROM read_parquet($regions)
), typed AS (
  SELECT s.*,
         ['BANK', 'INSURER', 'OTHER_FINANCIAL', 'ENTERPRISE', 'GOVERNMENT_UNIT', 'UNIVERSITY_RESEARCH', 'INDIVIDUAL_DEVELOPER'][
           list_position(list_transform(s.type_cum, lambda c: c > s.u_type * s.type_cum[7]), true)] AS user_type,
         CASE WHEN s.u_home < 0.85 THEN s.region_code
              ELSE rp.codes[coalesce(list_position(list_transform(rp.cum_hi, lambda c: c > s.u_away), true), len(rp.codes))]
         END AS user_region_code
  FROM slot s CROSS JOIN region_pick rp
), placed AS (
  SELECT t.*,
         CASE WHEN t.free_share IS NOT NULL
              THEN CASE WHEN t.u_purpose < t.free_share * 0.6 THEN 'PUBLIC_WELFARE' WHEN t.u_purpose < t.free_share THEN 'PUBLIC_GOVERNANCE'
                        WHEN t.u_purpose < t.free_share + (1 - t.free_share) * 0.8 THEN 'INDUSTRY_DEVELOPMENT' ELSE 'SECTOR_DEVELOPMENT' END
              WHEN t.user_type = 'GOVERNMENT_UNIT'
              THEN CASE WHEN t.u_purpose < 0.8 THEN 'PUBLIC_GOVERNANCE' ELSE 'PUBLIC_WELFARE' END
              WHEN t.user_type = 'UNIVERSITY_RESEARCH'
              THEN CASE WHEN t.u_purpose < 0.4 THEN 'PUBLIC_WELFARE' WHEN t.u_purpose < 0.7 THEN 'SECTOR_DEVELOPMENT' ELSE 'INDUSTRY_DEVELOPMENT' END
              ELSE CASE WHEN t.u_purpose < 0.13 THEN 'PUBLIC_GOVERNANCE' WHEN t.u_purpose < 0.21 THEN 'PUBLIC_WELFARE'
                        WHEN t.u_purpose < 0.32 THEN 'SECTOR_DEVELOPMENT' ELSE 'INDUSTRY_DEVELOPMENT' END END AS use_purpose
  FROM typed t
), customer AS (
  SELECT c.*, u.type_abbr, u.n_users,
         row_number() OVER (PARTITION BY c.product_id, c.user_region_code, c.user_type ORDER BY c.j) - 1 AS pool_rank
  FROM placed c
  JOIN read_parquet($user_pools) u ON u.region_code = c.user_region_code AND u.user_type = c.user_type
), kept AS (
  SELECT *,
         'U-' || user_region_code || '-' || type_abbr || '-'
           || gen_pad(((hash($seed || '|' || product_id || user_region_code || user_type) + pool_rank) % n_users)::BIGINT, 5) AS user_org_id,
         -- a file is delivered a few times a month, whatever its charge basis; a per-product charge counts deliveries
         CASE WHEN charge_basis = 'PER_PRODUCT' OR product_form IN ('DATASET_FILE', 'AI_TRAINING_DATASET')
              THEN 1 + floor(0.8 * exp(0.8 * gen_normal($seed, skey, 'calls')))
              ELSE 3000 * exp(CASE WHEN model IS NULL THEN 1.8 ELSE 1.0 END * gen_normal($seed, skey, 'calls')) END AS base_calls,
         CASE WHEN model IS NULL THEN 0.005 ELSE 0.4 * growth END AS slot_growth,
         -- records in one call or delivery, a property of the product (its query shape or its file's size)
         CASE product_form
           WHEN 'API_QUERY' THEN least(200, greatest(1, 5 * exp(0.8 * gen_normal($seed, product_id, 'records-per-call'))))
           WHEN 'PRIVACY_COMPUTING' THEN least(5000, greatest(10, 200 * exp(0.8 * gen_normal($seed, product_id, 'records-per-call'))))
           WHEN 'DATASET_FILE' THEN round(least(5e7, greatest(1e3, 1e5 * exp(1.0 * gen_normal($seed, product_id, 'records-per-call')))))
           WHEN 'AI_TRAINING_DATASET' THEN round(least(2e8, greatest(1e4, 1e6 * exp(1.0 * gen_normal($seed, product_id, 'records-per-call')))))
           ELSE 1 END AS records_per_call
  FROM customer
  WHERE pool_rank < n_users
), measured AS (
  SELECT k.*, pm.period_month, pm.mi, pm.seen_slots, pm.in_service,
         greatest(1, round(k.base_calls * pm.in_service * pow(1 + k.slot_growth, pm.age)
           * exp(CASE WHEN k.model IS NULL THEN 0.2 ELSE 0.03 END * gen_normal($seed, k.skey || pm.mi, 'calls-month'))))::BIGINT AS calls
  FROM product_month pm
  CROSS JOIN LATERAL (SELECT unnest(range(0, pm.n_slots)) AS j) js
  JOIN kept k ON k.product_id = pm.product_id AND k.j = js.j
), delivered AS (
  SELECT *,
         round(calls * records_per_call)::BIGINT AS records_delivered,
         use_purpose IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE') AND gen_rand($seed, skey || mi, 'free-charged') >= 0.004 AS is_free
  FROM measured
)
SELECT 'US-' || substr(product_id, 4) || '-' || strftime(period_month, '%y%m') || '-' || gen_pad(j, 4) AS usage_id,
       period_month, product_id, auth_id, region_code AS provider_region_code, user_org_id, user_type, user_region_code,
       use_purpose, calls, records_delivered,
       round(records_delivered * 1500 / 1e9, 4) AS data_volume_gb,
       CASE WHEN is_free THEN 0
            ELSE round(list_unit_price_cny * CASE charge_basis WHEN 'PER_CALL' THEN calls WHEN 'PER_PRODUCT' THEN calls
                                                               WHEN 'PER_TIME' THEN 1 ELSE records_delivered * 1500 / 1e9 END, 2)
       END::DECIMAL(18, 2) AS amount_cny,
       round(pow(gen_rand($seed, skey || mi, 'success'), 1 / 40.0), 4) AS success_rate,
       j >= seen_slots AS new_user
FROM delivered
ORDER BY product_id, period_month, j
