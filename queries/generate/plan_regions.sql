-- One row per region (33): supply and demand weights (domain-research §7.6: GDP, population and maturity), names,
-- cities, registration-platform go-live and how many operators and overall authorizations it gets.
-- Parameters: $seed, $scale, $region_profile (CSV path).
WITH profile AS (
  SELECT * FROM read_csv($region_profile, header = true, auto_detect = false, columns = {
    'region_code': 'VARCHAR', 'maturity': 'DOUBLE', 'demand_boost': 'DOUBLE', 'platform_live': 'DATE',
    'has_provincial_data_group': 'BOOLEAN', 'cities': 'VARCHAR'})
), weighted AS (
  SELECT r.region_code, r.name_zh, r.name_zh_short, r.admin_type, r.sort_order, p.platform_live,
         p.has_provincial_data_group, string_split(p.cities, '|') AS cities,
         -- w_r = (0.5·GDP share + 0.3·population share + 0.2/31) × maturity; XPCC and national have no GDP or population
         (0.5 * coalesce(r.gdp_2023_100m_cny, 0) / sum(r.gdp_2023_100m_cny) OVER ()
           + 0.3 * coalesce(r.pop_2020, 0) / sum(r.pop_2020) OVER () + 0.2 / 31) * p.maturity AS supply_w,
         p.demand_boost
  FROM ref_region r JOIN profile p USING (region_code)
), shares AS (
  SELECT *, supply_w / sum(supply_w) OVER () AS supply_share,
         supply_w * demand_boost / sum(supply_w * demand_boost) OVER () AS demand_share
  FROM weighted
)
SELECT *,
       -- cumulative demand share, to pick a user's region for cross-province use
       sum(demand_share) OVER (ORDER BY sort_order) - demand_share AS demand_cum_lo,
       sum(demand_share) OVER (ORDER BY sort_order) AS demand_cum_hi,
       -- operators beyond the provincial and municipal data groups: SOEs, private firms, financial SOEs
       2 + floor(demand_share * 120 * sqrt($scale) + gen_rand($seed, region_code, 'other-operators'))::INTEGER AS n_other_operators,
       CASE WHEN region_code = '000000' THEN 0
            ELSE floor(demand_share * 90 * sqrt($scale) + gen_rand($seed, region_code, 'overall-auths'))::INTEGER END AS n_overall_auths
FROM shares
ORDER BY sort_order
