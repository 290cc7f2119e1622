-- Monthly usage and revenue of operator $operator's products under the agreements the reader may see ($national, or
-- region in $scope), by providers within the scope: every month from its first to its last month of usage, months
-- without usage as zeros, so a chart's gaps are real. No row for an operator without usage.
WITH agreement AS (
  SELECT a.auth_id
  FROM "authorization" a
  WHERE a.operator_org_id = $operator AND ($national OR list_contains($scope, a.region_code))
), used AS (
  SELECT u.period_month,
         sum(u.calls) AS calls,
         sum(u.calls) FILTER (WHERE u.use_purpose IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE')) AS free_calls,
         sum(u.amount_cny) AS amount,
         count(DISTINCT u.user_org_id) AS customers
  FROM product p JOIN usage u USING (product_id)
  WHERE p.auth_id IN (SELECT auth_id FROM agreement)
    AND ($national OR list_contains($scope, u.provider_region_code))
  GROUP BY u.period_month
), months AS (
  SELECT CAST(unnest(generate_series(min(period_month), max(period_month), INTERVAL 1 MONTH)) AS DATE) AS period_month
  FROM used
)
SELECT strftime(m.period_month, '%Y-%m') AS month, coalesce(u.calls, 0) AS calls, coalesce(u.free_calls, 0) AS free_calls,
       CAST(coalesce(u.amount, 0) AS DOUBLE) AS amount_cny, coalesce(u.customers, 0) AS customers
FROM months m LEFT JOIN used u USING (period_month)
ORDER BY m.period_month
