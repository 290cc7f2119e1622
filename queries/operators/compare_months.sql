-- Per operator of the selection (agreements the reader may see and the filters, as operators.sql) and per month of
-- the 12 ending with the data's last usage month $last_month ('YYYY-MM'): calls, free-purpose calls, amount and
-- customers of its products, by providers within the scope; with its authorized resources (not revoked) and its first
-- month of usage ever (within the scope), which says how long it has operated. An operator without usage in the
-- window has one row with no month.
WITH agreement AS (
  SELECT a.*
  FROM "authorization" a
  WHERE ($national OR list_contains($scope, a.region_code))
    AND (len($regions) = 0 OR list_contains($regions, a.region_code))
    AND (len($modes) = 0 OR list_contains($modes, a.auth_mode))
    AND (len($sectors) = 0 OR list_contains($sectors, a.sector_code)
         OR EXISTS (SELECT 1 FROM product p WHERE p.auth_id = a.auth_id AND list_contains($sectors, p.sector_code)))
), as_of AS (
  SELECT CAST($last_month || '-01' AS DATE) AS last_month
), operator AS (
  SELECT DISTINCT operator_org_id FROM agreement
), resources AS (
  SELECT a.operator_org_id, count(DISTINCT r.asset_uid) AS resources
  FROM agreement a JOIN authorization_resource r USING (auth_id)
  WHERE r.revoked_at IS NULL
  GROUP BY a.operator_org_id
), usage_of AS (
  SELECT a.operator_org_id, u.*
  FROM agreement a JOIN product p USING (auth_id) JOIN usage u USING (product_id)
  WHERE $national OR list_contains($scope, u.provider_region_code)
), first_use AS (
  SELECT operator_org_id, min(period_month) AS first_month FROM usage_of GROUP BY operator_org_id
), monthly AS (
  SELECT operator_org_id, period_month,
         sum(calls) AS calls,
         sum(calls) FILTER (WHERE use_purpose IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE')) AS free_calls,
         sum(amount_cny) AS amount,
         count(DISTINCT user_org_id) AS customers
  FROM usage_of
  WHERE period_month > (SELECT last_month FROM as_of) - INTERVAL 12 MONTH
    AND period_month <= (SELECT last_month FROM as_of)
  GROUP BY operator_org_id, period_month
)
SELECT op.operator_org_id, o.name AS operator_name, coalesce(r.resources, 0) AS resources,
       strftime(f.first_month, '%Y-%m') AS first_month,
       strftime(m.period_month, '%Y-%m') AS month,
       coalesce(m.calls, 0) AS calls, coalesce(m.free_calls, 0) AS free_calls,
       CAST(coalesce(m.amount, 0) AS DOUBLE) AS amount_cny, coalesce(m.customers, 0) AS customers
FROM operator op
LEFT JOIN org o ON o.org_id = op.operator_org_id
LEFT JOIN resources r USING (operator_org_id)
LEFT JOIN first_use f USING (operator_org_id)
LEFT JOIN monthly m USING (operator_org_id)
ORDER BY op.operator_org_id, m.period_month
