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
-- (rollup); users = distinct users with any usage row in the period (from the users' month masks, fact_usage_user, which
-- server/facts/facts.ts puts in front of this query). Authorizations and products have no month level: the trend does
-- not show them.
WITH periods AS (
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
-- Distinct users from the users' month masks (queries/facts/usage_user.sql, put in front by factSql: a row per user ×
-- provider region × product sector × user type × purpose × 64-month block, any_months = the months with any usage row),
-- not from usage: at national scale grouping every usage row of the window by user took longer than the dashboard may.
-- Each period as a bit mask over each block it touches, as window_blocks in indicators/inputs.sql (a change to one
-- belongs in both); an open end reaches the first or last block of the facts (only looked up for an open period).
fact_blocks AS (
  SELECT min(block) * 64 AS first_index, max(block) * 64 + 63 AS last_index
  FROM fact_usage_user WHERE $from::DATE IS NULL OR $to::DATE IS NULL
),
user_blocks AS (
  SELECT period, CAST(b AS INTEGER) AS block,
         (CAST(18446744073709551615 AS UBIGINT) >> CAST(63 - (least(ti, b * 64 + 63) - b * 64) AS INTEGER))
           & ~((CAST(1 AS UBIGINT) << CAST(greatest(fi, b * 64) - b * 64 AS INTEGER)) - 1) AS months
  FROM (SELECT period, coalesce(year(first_month) * 12 + month(first_month) - 1, first_index) AS fi,
               coalesce(year(last_month) * 12 + month(last_month) - 1, last_index) AS ti
        FROM periods, fact_blocks) w,
       LATERAL (SELECT unnest(range(fi // 64, ti // 64 + 1)) AS b)
),
-- the users of the filters with a usage month in the period, and those months
usr_rows AS (
  SELECT w.period, f.region_code, f.sector_code, f.user_org_id, f.block, f.any_months & w.months AS months
  FROM fact_usage_user f JOIN user_blocks w ON w.block = f.block
  WHERE (f.any_months & w.months) <> 0
    AND (len($regions) = 0 OR list_contains($regions, f.region_code))
    AND (len($sectors) = 0 OR list_contains($sectors, f.sector_code))
    AND (len($user_types) = 0 OR list_contains($user_types, f.user_type))
    AND (len($purposes) = 0 OR list_contains($purposes, f.use_purpose))
),
-- Each user once per cell first, so the distinct counts below read fewer rows.
usr_cell AS (
  SELECT DISTINCT region_code, sector_code, user_org_id FROM usr_rows WHERE period = 'current'
),
usr AS (
  SELECT 'current' AS period, region_code, sector_code, NULL::DATE AS month, count(DISTINCT user_org_id) AS users,
         GROUPING(region_code) AS g_region, GROUPING(sector_code) AS g_sector, 1 AS g_month
  FROM usr_cell
  GROUP BY GROUPING SETS ((), (region_code), (sector_code), (region_code, sector_code))
  UNION ALL
  SELECT period, NULL, NULL, NULL, count(DISTINCT user_org_id), 1, 1, 1
  FROM usr_rows WHERE period = 'previous' GROUP BY period
),
-- Per month: each user's months of the current period in one mask per block, so a user counts once in each month
-- whose bit is set (a month lies in one block) and no distinct count is needed.
usr_user AS (
  SELECT block, bit_or(months) AS months FROM usr_rows WHERE period = 'current' GROUP BY user_org_id, block
),
period_months AS (
  SELECT block, CAST(i AS INTEGER) AS bit,
         make_date(CAST((block * 64 + i) // 12 AS INTEGER), CAST((block * 64 + i) % 12 + 1 AS INTEGER), 1) AS month
  FROM user_blocks, range(64) t(i)
  WHERE period = 'current' AND ((months >> CAST(i AS INTEGER)) & 1) = 1
),
usr_month AS (
  SELECT 'current' AS period, NULL AS region_code, NULL AS sector_code, m.month, count(*) AS users,
         1 AS g_region, 1 AS g_sector, 0 AS g_month
  FROM usr_user u JOIN period_months m ON m.block = u.block
  WHERE ((u.months >> m.bit) & 1) = 1
  GROUP BY m.month
),
m AS (
  SELECT * FROM reg UNION ALL BY NAME SELECT * FROM auth UNION ALL BY NAME SELECT * FROM prod
  UNION ALL BY NAME SELECT * FROM use UNION ALL BY NAME SELECT * FROM usr UNION ALL BY NAME SELECT * FROM usr_month
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
