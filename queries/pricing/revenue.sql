-- Each agreement's revenue of period $year against its maximum allowed revenue (最高准许收入), over the agreements the
-- reader may see ($national, or region in $scope) and the filters ($regions, $sectors, $modes as in prices.sql): the
-- agreements whose term overlaps the year or that have revenue in it. Revenue is as reported, else the amount of the
-- year's usage records (as the worklist's REVENUE_ABOVE_MAX reads it); the excess above the maximum is deducted when
-- the next period's allowed revenue is set. $last_month ('YYYY-MM') is the data's last usage month, from which the
-- months of operation of a trial tariff are counted.
WITH agreement AS (
  SELECT a.*
  FROM "authorization" a
  WHERE ($national OR list_contains($scope, a.region_code))
    AND (len($regions) = 0 OR list_contains($regions, a.region_code))
    AND (len($modes) = 0 OR list_contains($modes, a.auth_mode))
    AND (len($sectors) = 0 OR list_contains($sectors, a.sector_code)
         OR EXISTS (SELECT 1 FROM product p WHERE p.auth_id = a.auth_id AND list_contains($sectors, p.sector_code)))
), bounds AS (
  SELECT make_date(CAST($year AS INTEGER), 1, 1) AS y_start, make_date(CAST($year AS INTEGER), 12, 31) AS y_end,
         CAST($last_month || '-01' AS DATE) AS last_month
), usage_of AS (
  SELECT p.auth_id,
         sum(u.amount_cny) FILTER (WHERE year(u.period_month) = $year) AS amount_year,
         count(*) FILTER (WHERE year(u.period_month) = $year) AS rows_year,
         min(u.period_month) AS first_month
  FROM usage u JOIN product p USING (product_id)
  WHERE p.auth_id IN (SELECT auth_id FROM agreement)
  GROUP BY p.auth_id
), row_of AS (
  SELECT a.*, u.amount_year, u.rows_year, u.first_month,
         coalesce(a.revenue_reported_cny, u.amount_year) AS revenue,
         b.y_start, b.y_end, b.last_month AS data_last_month
  FROM agreement a LEFT JOIN usage_of u USING (auth_id) CROSS JOIN bounds b
  WHERE (a.term_start <= b.y_end AND a.term_end >= b.y_start)
     OR coalesce(a.revenue_reported_cny, u.amount_year) IS NOT NULL
)
SELECT r.auth_id, r.operator_org_id, o.name AS operator_name, r.region_code, r.sector_code, r.auth_mode,
       r.status AS auth_status, r.tariff_status,
       strftime(r.term_start, '%Y-%m-%d') AS term_start, strftime(r.term_end, '%Y-%m-%d') AS term_end,
       -- calendar months of the year the term touches (a term starting on 15 July counts July)
       CASE WHEN r.term_start > r.y_end OR r.term_end < r.y_start THEN 0
            ELSE date_diff('month', date_trunc('month', greatest(r.term_start, r.y_start)), date_trunc('month', least(r.term_end, r.y_end))) + 1
       END AS term_months_in_period,
       strftime(r.first_month, '%Y-%m') AS first_usage_month,
       CASE WHEN r.first_month IS NOT NULL THEN date_diff('month', r.first_month, r.data_last_month) + 1 END AS months_of_operation,
       CAST(r.revenue_reported_cny AS DOUBLE) AS revenue_reported_cny,
       CAST(coalesce(r.amount_year, 0) AS DOUBLE) AS revenue_usage_cny,
       CAST(r.revenue AS DOUBLE) AS revenue_cny,
       CAST(r.max_allowed_revenue_cny AS DOUBLE) AS max_allowed_revenue_cny,
       CASE WHEN r.max_allowed_revenue_cny > 0 THEN CAST(r.revenue / r.max_allowed_revenue_cny AS DOUBLE) END AS revenue_to_max,
       CASE WHEN r.max_allowed_revenue_cny IS NOT NULL
            THEN CAST(greatest(coalesce(r.revenue, 0) - r.max_allowed_revenue_cny, 0) AS DOUBLE) END AS excess_cny,
       CASE WHEN r.max_allowed_revenue_cny IS NOT NULL
            THEN CAST(r.max_allowed_revenue_cny - greatest(coalesce(r.revenue, 0) - r.max_allowed_revenue_cny, 0) AS DOUBLE) END AS next_period_max_cny,
       -- as the worklist's TRIAL_PAST_FIRST_YEAR: a trial tariff of an agreement in operation after more than 12 months
       coalesce(r.tariff_status = 'TRIAL' AND r.status IN ('ACTIVE', 'SUSPENDED')
                AND date_diff('month', r.first_month, r.data_last_month) + 1 > 12, false) AS trial_past_first_year
FROM row_of r LEFT JOIN org o ON o.org_id = r.operator_org_id
ORDER BY coalesce(r.revenue - r.max_allowed_revenue_cny, -1e18) DESC, r.auth_id
