-- Every dashboard measure in one statement, for the filters' period and the period of the same length before it:
-- totals (level 'all'), per region, per sector, per sector × region (cell) and per month. One statement instead of one
-- per view, because on this small data the fixed cost of each query outweighs the rows it reads; the overview, the
-- trend, the map and the heatmap share the cached result. GROUPING SETS keep distinct users exact at each level (they
-- are not additive, so they cannot be summed up).
-- Filters: $from/$to (first days of the first and last month, or NULL for open), $prev_from/$prev_to (the previous
-- period, NULL when the data does not reach back that far), $regions, $sectors (supply side and usage), $user_types and
-- $purposes (usage only: registrations, authorizations and products have neither).
-- Definitions (docs/api.md, Dashboard): registrations = public data resources first registered (INITIAL event) in the
-- period; authorizations = agreements past operator selection whose term overlaps the period (so one can count in both
-- periods); products = products launched in the period; calls, amount, paid amount, records = usage in the period
-- (rollup); users = distinct users (usage). Authorizations and products have no month level: the trend does not show them.
WITH
periods AS (
  SELECT 'current' AS period, $from::DATE AS first_month, $to::DATE AS last_month
  UNION ALL
  SELECT 'previous', $prev_from::DATE, $prev_to::DATE WHERE $prev_from::DATE IS NOT NULL
),
reg AS (
  SELECT p.period, r.region_code, r.sector_code, date_trunc('month', r.registered_at) AS month, count(DISTINCT r.asset_uid) AS registrations,
         GROUPING(r.region_code) AS g_region, GROUPING(r.sector_code) AS g_sector, GROUPING(month) AS g_month
  FROM registration r JOIN periods p
    ON (p.first_month IS NULL OR r.registered_at >= p.first_month)
   AND (p.last_month IS NULL OR r.registered_at < p.last_month + INTERVAL 1 MONTH)
  WHERE r.object_type = 'PUBLIC_DATA_RESOURCE' AND r.reg_type = 'INITIAL' AND r.registered_at IS NOT NULL
    AND (len($regions) = 0 OR list_contains($regions, r.region_code))
    AND (len($sectors) = 0 OR list_contains($sectors, r.sector_code))
  GROUP BY GROUPING SETS ((p.period), (p.period, r.region_code), (p.period, r.sector_code), (p.period, r.region_code, r.sector_code), (p.period, month))
),
auth AS (
  SELECT p.period, a.region_code, a.sector_code, NULL::DATE AS month, count(*) AS authorizations,
         GROUPING(a.region_code) AS g_region, GROUPING(a.sector_code) AS g_sector, 1 AS g_month
  FROM "authorization" a JOIN periods p
    ON (p.last_month IS NULL OR a.term_start < p.last_month + INTERVAL 1 MONTH)
   AND (p.first_month IS NULL OR a.term_end >= p.first_month)
  WHERE a.status NOT IN ('PLANNING', 'SELECTING')
    AND (len($regions) = 0 OR list_contains($regions, a.region_code))
    AND (len($sectors) = 0 OR list_contains($sectors, a.sector_code))
  GROUP BY GROUPING SETS ((p.period), (p.period, a.region_code), (p.period, a.sector_code), (p.period, a.region_code, a.sector_code))
),
prod AS (
  SELECT p.period, a.region_code, pr.sector_code, NULL::DATE AS month, count(*) AS products,
         GROUPING(a.region_code) AS g_region, GROUPING(pr.sector_code) AS g_sector, 1 AS g_month
  FROM product pr JOIN "authorization" a ON a.auth_id = pr.auth_id JOIN periods p
    ON (p.first_month IS NULL OR pr.launched_at >= p.first_month)
   AND (p.last_month IS NULL OR pr.launched_at < p.last_month + INTERVAL 1 MONTH)
  WHERE pr.launched_at IS NOT NULL
    AND (len($regions) = 0 OR list_contains($regions, a.region_code))
    AND (len($sectors) = 0 OR list_contains($sectors, pr.sector_code))
  GROUP BY GROUPING SETS ((p.period), (p.period, a.region_code), (p.period, pr.sector_code), (p.period, a.region_code, pr.sector_code))
),
use AS (
  SELECT p.period, u.provider_region_code AS region_code, u.sector_code, u.period_month AS month,
         sum(u.calls) AS calls, sum(u.amount_cny) AS amount, sum(u.paid_amount_cny) AS paid_amount,
         sum(u.records_delivered) AS records,
         GROUPING(u.provider_region_code) AS g_region, GROUPING(u.sector_code) AS g_sector, GROUPING(u.period_month) AS g_month
  FROM rollup_usage_month u JOIN periods p
    ON (p.first_month IS NULL OR u.period_month >= p.first_month)
   AND (p.last_month IS NULL OR u.period_month <= p.last_month)
  WHERE (len($regions) = 0 OR list_contains($regions, u.provider_region_code))
    AND (len($sectors) = 0 OR list_contains($sectors, u.sector_code))
    AND (len($user_types) = 0 OR list_contains($user_types, u.user_type))
    AND (len($purposes) = 0 OR list_contains($purposes, u.use_purpose))
  GROUP BY GROUPING SETS ((p.period), (p.period, u.provider_region_code), (p.period, u.sector_code), (p.period, u.provider_region_code, u.sector_code), (p.period, u.period_month))
),
-- Each user once per cell and month first, so the distinct counts below read far fewer rows than usage has.
usr_cell AS (
  SELECT DISTINCT p.period, u.provider_region_code AS region_code, pr.sector_code, u.period_month AS month, u.user_org_id
  FROM usage u JOIN product pr ON pr.product_id = u.product_id JOIN periods p
    ON (p.first_month IS NULL OR u.period_month >= p.first_month)
   AND (p.last_month IS NULL OR u.period_month <= p.last_month)
  WHERE (len($regions) = 0 OR list_contains($regions, u.provider_region_code))
    AND (len($sectors) = 0 OR list_contains($sectors, pr.sector_code))
    AND (len($user_types) = 0 OR list_contains($user_types, u.user_type))
    AND (len($purposes) = 0 OR list_contains($purposes, u.use_purpose))
),
usr AS (
  SELECT period, region_code, sector_code, month, count(DISTINCT user_org_id) AS users,
         GROUPING(region_code) AS g_region, GROUPING(sector_code) AS g_sector, GROUPING(month) AS g_month
  FROM usr_cell
  GROUP BY GROUPING SETS ((period), (period, region_code), (period, sector_code), (period, region_code, sector_code), (period, month))
),
m AS (
  SELECT * FROM reg UNION ALL BY NAME SELECT * FROM auth UNION ALL BY NAME SELECT * FROM prod
  UNION ALL BY NAME SELECT * FROM use UNION ALL BY NAME SELECT * FROM usr
)
SELECT
  period,
  CASE WHEN g_month = 0 THEN 'month' WHEN g_region = 1 AND g_sector = 1 THEN 'all' WHEN g_sector = 1 THEN 'region'
       WHEN g_region = 1 THEN 'sector' ELSE 'cell' END AS level,
  region_code, sector_code, strftime(month, '%Y-%m') AS month,
  coalesce(sum(registrations), 0)::DOUBLE AS registrations,
  coalesce(sum(authorizations), 0)::DOUBLE AS authorizations,
  coalesce(sum(products), 0)::DOUBLE AS products,
  coalesce(sum(calls), 0)::DOUBLE AS calls,
  coalesce(sum(amount), 0)::DOUBLE AS amount,
  coalesce(sum(paid_amount), 0)::DOUBLE AS paid_amount,
  coalesce(sum(records), 0)::DOUBLE AS records,
  coalesce(sum(users), 0)::DOUBLE AS users
FROM m
-- Each CTE fills its own measures; grouping puts the five parts of a key back on one row. Only the totals of the
-- previous period are wanted (the overview's change figures).
GROUP BY period, g_region, g_sector, g_month, region_code, sector_code, month
HAVING period = 'current' OR (g_region = 1 AND g_sector = 1 AND g_month = 1)
-- a stable order, so that the same data answer the same bytes (the web app sorts for display)
ORDER BY period, level, region_code NULLS FIRST, sector_code NULLS FIRST, month NULLS FIRST
