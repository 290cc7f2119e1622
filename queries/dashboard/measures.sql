-- Every dashboard measure at four levels in one pass: total (level 'all'), per region, per sector, per sector × region.
-- GROUPING SETS keeps distinct users exact at each level (they are not additive, so they cannot be summed up).
-- Filters: $from/$to (first days of the first and last month, or NULL for open), $regions, $sectors (supply side and
-- usage), $user_types and $purposes (usage only: registrations, authorizations and products have neither).
-- Definitions (docs/api.md, Dashboard): registrations = public data resources first registered (INITIAL event) in the
-- period; authorizations = agreements past operator selection whose term overlaps the period; products = products
-- launched in the period; calls, amount, paid amount, records = usage in the period (rollup); users = distinct users.
WITH
reg AS MATERIALIZED (
  SELECT region_code, sector_code, GROUPING(region_code) AS g_region, GROUPING(sector_code) AS g_sector,
         count(DISTINCT asset_uid) AS registrations
  FROM registration
  WHERE object_type = 'PUBLIC_DATA_RESOURCE' AND reg_type = 'INITIAL' AND registered_at IS NOT NULL
    AND ($from::DATE IS NULL OR registered_at >= $from::DATE)
    AND ($to::DATE IS NULL OR registered_at < $to::DATE + INTERVAL 1 MONTH)
    AND (len($regions) = 0 OR list_contains($regions, region_code))
    AND (len($sectors) = 0 OR list_contains($sectors, sector_code))
  GROUP BY GROUPING SETS ((), (region_code), (sector_code), (region_code, sector_code))
),
auth AS MATERIALIZED (
  SELECT region_code, sector_code, GROUPING(region_code) AS g_region, GROUPING(sector_code) AS g_sector,
         count(*) AS authorizations
  FROM "authorization"
  WHERE status NOT IN ('PLANNING', 'SELECTING')
    AND ($to::DATE IS NULL OR term_start < $to::DATE + INTERVAL 1 MONTH)
    AND ($from::DATE IS NULL OR term_end >= $from::DATE)
    AND (len($regions) = 0 OR list_contains($regions, region_code))
    AND (len($sectors) = 0 OR list_contains($sectors, sector_code))
  GROUP BY GROUPING SETS ((), (region_code), (sector_code), (region_code, sector_code))
),
prod AS MATERIALIZED (
  SELECT a.region_code, p.sector_code, GROUPING(a.region_code) AS g_region, GROUPING(p.sector_code) AS g_sector,
         count(*) AS products
  FROM product p JOIN "authorization" a ON a.auth_id = p.auth_id
  WHERE p.launched_at IS NOT NULL
    AND ($from::DATE IS NULL OR p.launched_at >= $from::DATE)
    AND ($to::DATE IS NULL OR p.launched_at < $to::DATE + INTERVAL 1 MONTH)
    AND (len($regions) = 0 OR list_contains($regions, a.region_code))
    AND (len($sectors) = 0 OR list_contains($sectors, p.sector_code))
  GROUP BY GROUPING SETS ((), (a.region_code), (p.sector_code), (a.region_code, p.sector_code))
),
use AS MATERIALIZED (
  SELECT provider_region_code AS region_code, sector_code,
         GROUPING(provider_region_code) AS g_region, GROUPING(sector_code) AS g_sector,
         sum(calls) AS calls, sum(amount_cny) AS amount, sum(paid_amount_cny) AS paid_amount,
         sum(records_delivered) AS records
  FROM rollup_usage_month
  WHERE ($from::DATE IS NULL OR period_month >= $from::DATE)
    AND ($to::DATE IS NULL OR period_month <= $to::DATE)
    AND (len($regions) = 0 OR list_contains($regions, provider_region_code))
    AND (len($sectors) = 0 OR list_contains($sectors, sector_code))
    AND (len($user_types) = 0 OR list_contains($user_types, user_type))
    AND (len($purposes) = 0 OR list_contains($purposes, use_purpose))
  GROUP BY GROUPING SETS ((), (provider_region_code), (sector_code), (provider_region_code, sector_code))
),
usr AS MATERIALIZED (
  SELECT u.provider_region_code AS region_code, p.sector_code,
         GROUPING(u.provider_region_code) AS g_region, GROUPING(p.sector_code) AS g_sector,
         count(DISTINCT u.user_org_id) AS users
  FROM usage u JOIN product p ON p.product_id = u.product_id
  WHERE ($from::DATE IS NULL OR u.period_month >= $from::DATE)
    AND ($to::DATE IS NULL OR u.period_month <= $to::DATE)
    AND (len($regions) = 0 OR list_contains($regions, u.provider_region_code))
    AND (len($sectors) = 0 OR list_contains($sectors, p.sector_code))
    AND (len($user_types) = 0 OR list_contains($user_types, u.user_type))
    AND (len($purposes) = 0 OR list_contains($purposes, u.use_purpose))
  GROUP BY GROUPING SETS ((), (u.provider_region_code), (p.sector_code), (u.provider_region_code, p.sector_code))
),
-- NULL keys (the 'all' level, sector-less OVERALL authorizations) become '' so the joins below are plain equi-joins
-- (hash joins); the grouping flags keep "no sector" apart from "all sectors".
keys AS (
  SELECT DISTINCT coalesce(region_code, '') AS rk, coalesce(sector_code, '') AS sk, g_region, g_sector FROM (
    SELECT region_code, sector_code, g_region, g_sector FROM reg
    UNION ALL SELECT region_code, sector_code, g_region, g_sector FROM auth
    UNION ALL SELECT region_code, sector_code, g_region, g_sector FROM prod
    UNION ALL SELECT region_code, sector_code, g_region, g_sector FROM use
    UNION ALL SELECT region_code, sector_code, g_region, g_sector FROM usr
  )
)
SELECT
  CASE WHEN k.g_region = 1 AND k.g_sector = 1 THEN 'all' WHEN k.g_sector = 1 THEN 'region'
       WHEN k.g_region = 1 THEN 'sector' ELSE 'cell' END AS level,
  nullif(k.rk, '') AS region_code, nullif(k.sk, '') AS sector_code,
  coalesce(reg.registrations, 0)::DOUBLE AS registrations,
  coalesce(auth.authorizations, 0)::DOUBLE AS authorizations,
  coalesce(prod.products, 0)::DOUBLE AS products,
  coalesce(use.calls, 0)::DOUBLE AS calls,
  coalesce(use.amount, 0)::DOUBLE AS amount,
  coalesce(use.paid_amount, 0)::DOUBLE AS paid_amount,
  coalesce(use.records, 0)::DOUBLE AS records,
  coalesce(usr.users, 0)::DOUBLE AS users
FROM keys k
LEFT JOIN reg ON reg.g_region = k.g_region AND reg.g_sector = k.g_sector
  AND coalesce(reg.region_code, '') = k.rk AND coalesce(reg.sector_code, '') = k.sk
LEFT JOIN auth ON auth.g_region = k.g_region AND auth.g_sector = k.g_sector
  AND coalesce(auth.region_code, '') = k.rk AND coalesce(auth.sector_code, '') = k.sk
LEFT JOIN prod ON prod.g_region = k.g_region AND prod.g_sector = k.g_sector
  AND coalesce(prod.region_code, '') = k.rk AND coalesce(prod.sector_code, '') = k.sk
LEFT JOIN use ON use.g_region = k.g_region AND use.g_sector = k.g_sector
  AND coalesce(use.region_code, '') = k.rk AND coalesce(use.sector_code, '') = k.sk
LEFT JOIN usr ON usr.g_region = k.g_region AND usr.g_sector = k.g_sector
  AND coalesce(usr.region_code, '') = k.rk AND coalesce(usr.sector_code, '') = k.sk
