-- The agreements of operator $operator that the reader may see ($national, or region in $scope), for a timeline:
-- term, status and tariff, the term rules of the worklist against the data's last usage month $last_month ('YYYY-MM';
-- TERM_OVER_5_YEARS and TERM_ENDING of findings.sql), the agreement it renews, its resources and products, and its
-- revenue of year $year (as reported, else the amount of its usage records, as operators.sql).
-- A renewal continues an earlier agreement of the same operator, region, mode, sector and scenario: it starts within
-- 92 days of that one's end, before or after it (an agreement starting in the middle of another's term runs beside
-- it, and is no renewal); the latest such agreement is named.
WITH agreement AS (
  SELECT a.*
  FROM "authorization" a
  WHERE a.operator_org_id = $operator AND ($national OR list_contains($scope, a.region_code))
), as_of AS (
  SELECT CAST($last_month || '-01' AS DATE) AS last_month
), renewal AS (
  SELECT a.auth_id, arg_max(b.auth_id, b.term_start) AS renewal_of
  FROM agreement a JOIN agreement b
    ON b.auth_id <> a.auth_id AND b.region_code = a.region_code AND b.auth_mode = a.auth_mode
   AND b.sector_code IS NOT DISTINCT FROM a.sector_code AND b.scenario_name IS NOT DISTINCT FROM a.scenario_name
   AND b.term_start < a.term_start
   AND a.term_start BETWEEN b.term_end - INTERVAL 92 DAY AND b.term_end + INTERVAL 92 DAY
  GROUP BY a.auth_id
), resources AS (
  SELECT r.auth_id, count(*) AS resources
  FROM authorization_resource r
  WHERE r.revoked_at IS NULL AND r.auth_id IN (SELECT auth_id FROM agreement)
  GROUP BY r.auth_id
), products AS (
  SELECT p.auth_id, count(*) AS products
  FROM product p
  WHERE p.auth_id IN (SELECT auth_id FROM agreement)
  GROUP BY p.auth_id
), year_usage AS (
  SELECT p.auth_id, sum(u.amount_cny) AS amount
  FROM usage u JOIN product p USING (product_id)
  WHERE year(u.period_month) = $year AND p.auth_id IN (SELECT auth_id FROM agreement)
  GROUP BY p.auth_id
)
SELECT a.auth_id, a.auth_mode, a.region_code, a.sector_code, a.scenario_name, a.status, a.tariff_status,
       strftime(a.term_start, '%Y-%m-%d') AS term_start, strftime(a.term_end, '%Y-%m-%d') AS term_end,
       CAST(date_diff('month', a.term_start, a.term_end) AS INTEGER) AS term_months,
       a.term_end > a.term_start + INTERVAL 5 YEAR AS over_5_years,
       a.status = 'ACTIVE' AND a.term_end < (SELECT last_month FROM as_of) + INTERVAL 7 MONTH AS ending_within_6_months,
       CAST(date_diff('day', (SELECT last_month FROM as_of) + INTERVAL 1 MONTH, a.term_end) AS INTEGER) AS days_left,
       rn.renewal_of, a.is_replicated_from,
       coalesce(r.resources, 0) AS resources, coalesce(p.products, 0) AS products,
       CAST(a.max_allowed_revenue_cny AS DOUBLE) AS max_allowed_revenue_cny,
       CAST(coalesce(a.revenue_reported_cny, y.amount) AS DOUBLE) AS revenue_cny
FROM agreement a
LEFT JOIN renewal rn USING (auth_id)
LEFT JOIN resources r USING (auth_id)
LEFT JOIN products p USING (auth_id)
LEFT JOIN year_usage y USING (auth_id)
ORDER BY a.term_start, a.auth_id
