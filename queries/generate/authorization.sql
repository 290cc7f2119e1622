-- The authorization table: the agreement plan plus revenue (domain-research §3.5, §7.3). revenue_reported_cny is the
-- 2025 usage amount of the agreement's products (±3 %, as reported), NULL when it had none. FORMAL tariffs carry a
-- maximum allowed revenue: the revenue divided by 0.30–0.95, except for 8 % whose revenue exceeds it (divided by
-- 1.05–1.55); with no 2025 revenue it is lognormal (median 2 m CNY). TRIAL tariffs have none.
-- Parameters: $seed, $auth_plan, $usage.
WITH revenue AS (
  SELECT auth_id, sum(amount_cny) AS revenue_2025
  FROM read_parquet($usage) WHERE period_month < DATE '2026-01-01'
  GROUP BY auth_id
)
SELECT a.auth_id, a.auth_mode, a.granting_authority_org_id, a.implementing_agency_org_id, a.operator_org_id, a.region_code,
       a.sector_code, a.scenario_name, a.selection_method, a.agreement_signed_at, a.term_start, a.term_end,
       CASE WHEN a.tariff_status <> 'FORMAL' THEN NULL
            WHEN r.revenue_2025 > 0
            THEN round(r.revenue_2025 / CASE WHEN gen_rand($seed, a.auth_id, 'over-revenue') < 0.08
                                             THEN 1.05 + 0.5 * gen_rand($seed, a.auth_id, 'ratio')
                                             ELSE 0.30 + 0.65 * gen_rand($seed, a.auth_id, 'ratio') END, 2)
            ELSE round(2e6 * exp(0.8 * gen_normal($seed, a.auth_id, 'max-revenue')), 2) END::DECIMAL(18, 2) AS max_allowed_revenue_cny,
       a.tariff_status,
       round(r.revenue_2025 * (0.97 + 0.06 * gen_rand($seed, a.auth_id, 'reported')), 2)::DECIMAL(18, 2) AS revenue_reported_cny,
       a.status, a.is_replicated_from
FROM read_parquet($auth_plan) a
LEFT JOIN revenue r USING (auth_id)
ORDER BY a.auth_id
