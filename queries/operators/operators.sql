-- One row per operating organisation over the agreements the reader may see ($national, or region in $scope) and the
-- filters ($regions: the agreement's region; $sectors: the agreement's or one of its products' sector; $modes):
-- where and how it operates, what it offers, its usage and revenue, and its revenue against the maximum allowed
-- revenue of period $year. Ratios are ratios of sums.
WITH agreement AS (
  SELECT a.*
  FROM "authorization" a
  WHERE ($national OR list_contains($scope, a.region_code))
    AND (len($regions) = 0 OR list_contains($regions, a.region_code))
    AND (len($modes) = 0 OR list_contains($modes, a.auth_mode))
    AND (len($sectors) = 0 OR list_contains($sectors, a.sector_code)
         OR EXISTS (SELECT 1 FROM product p WHERE p.auth_id = a.auth_id AND list_contains($sectors, p.sector_code)))
), year_usage AS (
  SELECT p.auth_id, sum(u.amount_cny) AS amount
  FROM usage u JOIN product p USING (product_id)
  WHERE year(u.period_month) = $year AND p.auth_id IN (SELECT auth_id FROM agreement)
  GROUP BY p.auth_id
), agreements AS (
  SELECT a.operator_org_id,
         count(*) AS agreements,
         count(*) FILTER (WHERE a.status = 'ACTIVE') AS active_agreements,
         count(*) FILTER (WHERE a.tariff_status = 'TRIAL') AS trial_agreements,
         list(DISTINCT a.region_code ORDER BY a.region_code) AS regions,
         list(DISTINCT a.sector_code ORDER BY a.sector_code) FILTER (WHERE a.sector_code IS NOT NULL) AS sectors,
         list(DISTINCT a.auth_mode ORDER BY a.auth_mode) AS modes,
         min(a.term_start) AS first_term_start,
         max(a.term_end) AS last_term_end,
         -- revenue of the period: as reported, else the amount of the usage records of that year
         sum(coalesce(a.revenue_reported_cny, y.amount)) FILTER (WHERE a.max_allowed_revenue_cny IS NOT NULL) AS revenue_capped,
         sum(coalesce(a.revenue_reported_cny, y.amount)) AS revenue_year,
         sum(a.max_allowed_revenue_cny) AS max_allowed_revenue,
         sum(greatest(coalesce(a.revenue_reported_cny, y.amount) - a.max_allowed_revenue_cny, 0)) AS revenue_excess
  FROM agreement a LEFT JOIN year_usage y USING (auth_id)
  GROUP BY a.operator_org_id
), resources AS (
  SELECT a.operator_org_id, count(DISTINCT r.asset_uid) AS resources
  FROM agreement a JOIN authorization_resource r USING (auth_id)
  WHERE r.revoked_at IS NULL
  GROUP BY a.operator_org_id
), products AS (
  SELECT a.operator_org_id, count(*) AS products,
         count(*) FILTER (WHERE p.cap_unit_price_cny IS NULL) AS products_without_cap,
         count(*) FILTER (WHERE p.list_unit_price_cny > p.cap_unit_price_cny) AS products_above_cap,
         list(DISTINCT p.charge_basis ORDER BY p.charge_basis) AS charge_bases
  FROM agreement a JOIN product p USING (auth_id)
  GROUP BY a.operator_org_id
), used AS (
  SELECT a.operator_org_id,
         sum(u.calls) AS calls,
         sum(u.calls) FILTER (WHERE u.use_purpose IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE')) AS free_calls,
         sum(u.amount_cny) AS amount,
         count(DISTINCT u.user_org_id) AS customers
  FROM agreement a JOIN product p USING (auth_id) JOIN usage u USING (product_id)
  WHERE $national OR list_contains($scope, u.provider_region_code)
  GROUP BY a.operator_org_id
)
SELECT g.operator_org_id, o.name AS operator_name, o.region_code AS home_region_code, coalesce(o.is_data_group, false) AS is_data_group,
       g.agreements, g.active_agreements, g.trial_agreements, g.regions, coalesce(g.sectors, []) AS sectors, g.modes,
       strftime(g.first_term_start, '%Y-%m-%d') AS first_term_start, strftime(g.last_term_end, '%Y-%m-%d') AS last_term_end,
       coalesce(r.resources, 0) AS resources,
       coalesce(p.products, 0) AS products, coalesce(p.products_without_cap, 0) AS products_without_cap,
       coalesce(p.products_above_cap, 0) AS products_above_cap, coalesce(p.charge_bases, []) AS charge_bases,
       coalesce(u.calls, 0) AS calls, coalesce(u.free_calls, 0) AS free_calls,
       CASE WHEN coalesce(u.calls, 0) > 0 THEN u.free_calls / u.calls END AS free_call_share,
       coalesce(u.amount, 0) AS amount_cny, coalesce(u.customers, 0) AS customers,
       g.revenue_year AS revenue_cny, g.max_allowed_revenue AS max_allowed_revenue_cny,
       coalesce(g.revenue_excess, 0) AS revenue_excess_cny,
       CASE WHEN g.max_allowed_revenue > 0 THEN g.revenue_capped / g.max_allowed_revenue END AS revenue_to_max
FROM agreements g
LEFT JOIN org o ON o.org_id = g.operator_org_id
LEFT JOIN resources r USING (operator_org_id)
LEFT JOIN products p USING (operator_org_id)
LEFT JOIN used u USING (operator_org_id)
ORDER BY g.operator_org_id
