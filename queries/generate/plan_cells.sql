-- One row per region × sector (33 × 18): supply weight (registered resources), demand weight (authorizations,
-- products, usage), the share of resources inside an authorized scope, and the planted signal if any. Supply and demand
-- sector mixes differ on purpose (domain-research §7.6); every cell gets lognormal noise (sigma 0.35).
-- Planted cells multiply the natural weights (supply_mult, demand_mult) or sit on a plateau of supply_plateau × the
-- largest natural supply of their sector, so a replicable model's provinces and its targets have alike abundance.
-- Parameters: $seed, $scale, $regions (plan_regions output), $sector_profile and $planted_cells (CSV paths).
WITH sector AS (
  SELECT p.*, s.name_zh AS sector_name_zh, s.sort_order AS sector_sort
  FROM read_csv($sector_profile, header = true, auto_detect = false, columns = {
    'sector_code': 'VARCHAR', 'supply_share': 'DOUBLE', 'demand_share': 'DOUBLE', 'w_bank': 'DOUBLE',
    'w_insurer': 'DOUBLE', 'w_other_financial': 'DOUBLE', 'w_enterprise': 'DOUBLE', 'w_government_unit': 'DOUBLE',
    'w_university_research': 'DOUBLE', 'w_individual_developer': 'DOUBLE', 'ministry': 'VARCHAR',
    'national_holder': 'VARCHAR', 'departments': 'VARCHAR', 'topics': 'VARCHAR', 'scenarios': 'VARCHAR'}) p
  JOIN ref_sector s USING (sector_code)
), planted AS (
  SELECT * FROM read_csv($planted_cells, header = true, auto_detect = false, columns = {
    'region_code': 'VARCHAR', 'sector_code': 'VARCHAR', 'signal': 'VARCHAR', 'supply_mult': 'DOUBLE',
    'demand_mult': 'DOUBLE', 'supply_plateau': 'DOUBLE', 'in_scope_share': 'DOUBLE', 'growth': 'DOUBLE'})
), natural_mix AS (
  SELECT r.region_code, r.name_zh AS region_name_zh, r.name_zh_short AS region_name_zh_short, r.admin_type,
         r.cities, r.platform_live, r.sort_order AS region_sort,
         s.sector_code, s.sector_name_zh, s.sector_sort, s.ministry, s.national_holder,
         string_split(s.departments, '|') AS departments, string_split(s.topics, '|') AS topics,
         string_split(s.scenarios, '|') AS scenarios,
         [s.w_bank, s.w_insurer, s.w_other_financial, s.w_enterprise, s.w_government_unit, s.w_university_research,
          s.w_individual_developer] AS user_type_weights,
         r.supply_w * s.supply_share * exp(0.35 * gen_normal($seed, r.region_code || s.sector_code, 'cell-supply')) AS natural_supply,
         r.supply_w * r.demand_boost * s.demand_share
           * exp(0.35 * gen_normal($seed, r.region_code || s.sector_code, 'cell-demand')) AS natural_demand
  FROM read_parquet($regions) r CROSS JOIN sector s
), shaped AS (
  SELECT n.*, p.signal, p.growth,
         CASE WHEN p.supply_plateau IS NOT NULL
              THEN p.supply_plateau * max(n.natural_supply) FILTER (WHERE p.signal IS NULL) OVER (PARTITION BY n.sector_code)
              ELSE n.natural_supply * coalesce(p.supply_mult, 1) END AS supply_w,
         n.natural_demand * coalesce(p.demand_mult, 1) AS demand_w,
         coalesce(p.in_scope_share, 0.7) AS in_scope_share,
         CASE WHEN p.signal = 'supply_gap' THEN n.natural_supply ELSE NULL END AS gap_supply
  FROM natural_mix n LEFT JOIN planted p USING (region_code, sector_code)
), counted AS (
  SELECT * EXCLUDE (gap_supply), coalesce(gap_supply, supply_w) AS auth_supply_w,
         floor(12000 * sqrt($scale) * supply_w / sum(supply_w) OVER ()
               + gen_rand($seed, region_code || sector_code, 'n-resources'))::INTEGER AS n_resources,
         -- authorizations go where both demand and data are; in a planted supply gap they operate on data that is
         -- hardly registered, so there they follow the cell's natural supply
         floor(420 * sqrt($scale) * pow(demand_w, 0.6) * pow(auth_supply_w, 0.4) / sum(pow(demand_w, 0.6) * pow(auth_supply_w, 0.4)) OVER ()
               + gen_rand($seed, region_code || sector_code, 'n-auths'))::INTEGER AS n_auths,
         demand_w / sum(demand_w) OVER (PARTITION BY region_code) AS demand_share_in_region
  FROM shaped
)
SELECT *,
       CASE WHEN n_resources = 0 THEN 0 ELSE greatest(1, ceil(n_resources / 5.0))::INTEGER END AS n_holders,
       sum(demand_share_in_region) OVER (PARTITION BY region_code ORDER BY sector_sort) - demand_share_in_region AS sector_cum_lo,
       sum(demand_share_in_region) OVER (PARTITION BY region_code ORDER BY sector_sort) AS sector_cum_hi
FROM counted
ORDER BY region_sort, sector_sort
