-- Authorized-operation agreements (domain-research §3, §7.3) with the planning columns later steps need.
--   natural: per cell n_auths DOMAIN (44 %) or SCENARIO agreements, plus n_overall_auths OVERALL ones per region;
--   planted: the replicable-model agreements of planted_models.csv, later adopters replicating an earlier province.
-- Terms start on a ramp through 2025–2026 (10 % are still being planned, starting after $as_of); terms of 1/2/3/5 years
-- (10/15/45/28.5 %) and 1.5 % of 6–8 years (over the 5-year limit). service_end is when usage stops: $as_of + 1 day
-- for ACTIVE agreements, term_end for EXPIRED ones, a day in the term for SUSPENDED and TERMINATED ones.
-- Parameters: $seed, $as_of, $regions, $cells, $planted_models.
WITH region AS (
  SELECT region_code, len(cities) AS n_cities, n_other_operators, n_overall_auths, has_provincial_data_group
  FROM read_parquet($regions)
), start_month AS (
  -- agreement starts ramp up month by month from 2025-03, with the March bump of the disclosure deadline
  SELECT m, w, sum(w) OVER (ORDER BY m) / sum(w) OVER () AS cum_hi, (sum(w) OVER (ORDER BY m) - w) / sum(w) OVER () AS cum_lo
  FROM (SELECT (DATE '2025-03-01' + INTERVAL (i) MONTH)::DATE AS m,
               (1 + 0.15 * i) * CASE WHEN i = 12 THEN 1.8 ELSE 1 END AS w
        FROM range(18) t(i))
), model AS (
  SELECT * FROM read_csv($planted_models, header = true, auto_detect = false, columns = {
    'model': 'VARCHAR', 'scenario_name': 'VARCHAR', 'sector_code': 'VARCHAR', 'auth_mode': 'VARCHAR',
    'product_form': 'VARCHAR', 'charge_basis': 'VARCHAR', 'region_code': 'VARCHAR', 'adoption_order': 'INTEGER',
    'replicates_order': 'INTEGER', 'term_start': 'DATE', 'trend': 'DOUBLE', 'free_share': 'DOUBLE'})
), candidate AS (
  SELECT c.region_code, c.sector_code, 1 AS kind_order, c.region_code || c.sector_code || ks.k AS akey,
         CASE WHEN gen_rand($seed, c.region_code || c.sector_code || ks.k, 'mode') < 0.44 THEN 'DOMAIN' ELSE 'SCENARIO' END AS auth_mode,
         c.scenarios, NULL AS model, NULL::INTEGER AS adoption_order, NULL::INTEGER AS replicates_order, NULL::DATE AS model_start,
         NULL::DOUBLE AS trend, NULL::DOUBLE AS free_share, NULL AS model_scenario
  FROM read_parquet($cells) c CROSS JOIN LATERAL (SELECT unnest(range(0, c.n_auths)) AS k) ks
  UNION ALL
  SELECT r.region_code, NULL, 2, r.region_code || 'OVERALL' || ks.k, 'OVERALL', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM region r CROSS JOIN LATERAL (SELECT unnest(range(0, r.n_overall_auths)) AS k) ks
  UNION ALL
  SELECT region_code, sector_code, 0, model || '-' || region_code, auth_mode, NULL, model, adoption_order, replicates_order,
         term_start, trend, free_share, scenario_name
  FROM model
), dated AS (
  SELECT a.*, r.n_cities, r.n_other_operators, r.has_provincial_data_group,
         coalesce(a.model_start,
           CASE WHEN gen_rand($seed, a.akey, 'future') < 0.10
                THEN gen_weekday(($as_of::DATE + 7 + floor(gen_rand($seed, a.akey, 'start-day') * 150)::INTEGER)::DATE)
                ELSE gen_weekday((sm.m + floor(gen_rand($seed, a.akey, 'start-day') * 28)::INTEGER)::DATE) END) AS term_start,
         CASE WHEN a.model IS NOT NULL THEN 3
              WHEN gen_rand($seed, a.akey, 'years') < 0.10 THEN 1 WHEN gen_rand($seed, a.akey, 'years') < 0.25 THEN 2
              WHEN gen_rand($seed, a.akey, 'years') < 0.70 THEN 3 WHEN gen_rand($seed, a.akey, 'years') < 0.985 THEN 5
              ELSE 6 + floor(gen_rand($seed, a.akey, 'long-years') * 3)::INTEGER END AS term_years
  FROM candidate a
  JOIN region r USING (region_code)
  JOIN start_month sm ON gen_rand($seed, a.akey, 'start-month') >= sm.cum_lo AND gen_rand($seed, a.akey, 'start-month') < sm.cum_hi
), statused AS (
  SELECT *, (term_start + INTERVAL (term_years) YEAR - INTERVAL 1 DAY)::DATE AS term_end,
         CASE WHEN model IS NOT NULL THEN 'ACTIVE'
              WHEN term_start > $as_of::DATE THEN CASE WHEN gen_rand($seed, akey, 'pre') < 0.45 THEN 'PLANNING' ELSE 'SELECTING' END
              WHEN term_start + INTERVAL (term_years) YEAR - INTERVAL 1 DAY < $as_of::DATE THEN 'EXPIRED'
              WHEN gen_rand($seed, akey, 'status') < 0.025 THEN 'TERMINATED'
              WHEN gen_rand($seed, akey, 'status') < 0.075 THEN 'SUSPENDED'
              ELSE 'ACTIVE' END AS status,
         -- which government grants: k = 0 the province (70 % of OVERALL, 30 % of the others), else a city
         CASE WHEN region_code = '000000' THEN 0
              WHEN gen_rand($seed, akey, 'level') < CASE WHEN auth_mode = 'OVERALL' THEN 0.7 ELSE 0.3 END THEN 0
              ELSE 1 + (hash($seed || '|' || akey || '|' || 'city') % n_cities)::INTEGER END AS gov_k
  FROM dated
), numbered AS (
  SELECT *,
         'AUTH-' || region_code || '-' || gen_pad(row_number() OVER (PARTITION BY region_code ORDER BY kind_order, sector_code, akey), 4) AS auth_id
  FROM statused
)
SELECT n.auth_id, n.auth_mode,
       'GA-' || n.region_code || '-' || gen_pad(n.gov_k, 2) AS granting_authority_org_id,
       'IA-' || n.region_code || '-' || gen_pad(n.gov_k, 2) AS implementing_agency_org_id,
       -- local data groups operate 65 %: the province's group (or the granting city's), else another operator
       'OP-' || n.region_code || '-' || gen_pad((CASE
          WHEN n.region_code = '000000' THEN hash($seed || '|' || n.akey || '|' || 'operator') % (1 + n.n_cities + n.n_other_operators)
          WHEN n.model IS NULL AND gen_rand($seed, n.akey, 'operator-kind') >= 0.65
            THEN 1 + n.n_cities + hash($seed || '|' || n.akey || '|' || 'operator') % n.n_other_operators
          WHEN n.gov_k = 0 AND NOT n.has_provincial_data_group THEN 1 + hash($seed || '|' || n.akey || '|' || 'operator') % n.n_cities
          ELSE n.gov_k END), 3) AS operator_org_id,
       n.region_code, n.sector_code,
       CASE WHEN n.model IS NOT NULL THEN n.model_scenario
            WHEN n.auth_mode = 'SCENARIO' THEN gen_pick($seed, n.akey, 'scenario', n.scenarios) END AS scenario_name,
       CASE WHEN gen_rand($seed, n.akey, 'selection') < 0.40 THEN 'PUBLIC_TENDER'
            WHEN gen_rand($seed, n.akey, 'selection') < 0.50 THEN 'INVITED_TENDER'
            WHEN gen_rand($seed, n.akey, 'selection') < 0.75 THEN 'COMPETITIVE_NEGOTIATION'
            WHEN gen_rand($seed, n.akey, 'selection') < 0.95 THEN 'SINGLE_SOURCE_DESIGNATION' ELSE 'OTHER' END AS selection_method,
       gen_weekday((n.term_start - 3 - floor(gen_rand($seed, n.akey, 'signed') * 38)::INTEGER)::DATE) AS agreement_signed_at,
       n.term_start, n.term_end,
       CASE WHEN n.model IS NOT NULL OR gen_rand($seed, n.akey, 'tariff') < 0.40 THEN 'FORMAL' ELSE 'TRIAL' END AS tariff_status,
       n.status,
       m.auth_id AS is_replicated_from,
       -- planning columns (not part of the authorization table)
       n.akey, n.model, n.trend, n.free_share,
       CASE n.status
         WHEN 'ACTIVE' THEN $as_of::DATE + 1
         WHEN 'EXPIRED' THEN n.term_end
         WHEN 'SUSPENDED' THEN least($as_of::DATE, n.term_start + 90 + floor(gen_rand($seed, n.akey, 'stop') * greatest(0, $as_of::DATE - n.term_start - 90))::INTEGER)
         WHEN 'TERMINATED' THEN least($as_of::DATE, n.term_start + 90 + floor(gen_rand($seed, n.akey, 'stop') * greatest(0, $as_of::DATE - n.term_start - 90))::INTEGER)
       END AS service_end
FROM numbered n
LEFT JOIN numbered m ON m.model = n.model AND m.adoption_order = n.replicates_order
ORDER BY n.auth_id
