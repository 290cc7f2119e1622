-- Month by month: usage (rollup), distinct users (usage) and new registered public data resources (INITIAL events).
-- Same filters and definitions as measures.sql; months without any of them are left out.
WITH
use AS (
  SELECT period_month AS month, sum(calls) AS calls, sum(amount_cny) AS amount, sum(paid_amount_cny) AS paid_amount,
         sum(records_delivered) AS records
  FROM rollup_usage_month
  WHERE ($from::DATE IS NULL OR period_month >= $from::DATE)
    AND ($to::DATE IS NULL OR period_month <= $to::DATE)
    AND (len($regions) = 0 OR list_contains($regions, provider_region_code))
    AND (len($sectors) = 0 OR list_contains($sectors, sector_code))
    AND (len($user_types) = 0 OR list_contains($user_types, user_type))
    AND (len($purposes) = 0 OR list_contains($purposes, use_purpose))
  GROUP BY 1
),
usr AS (
  SELECT u.period_month AS month, count(DISTINCT u.user_org_id) AS users
  FROM usage u JOIN product p ON p.product_id = u.product_id
  WHERE ($from::DATE IS NULL OR u.period_month >= $from::DATE)
    AND ($to::DATE IS NULL OR u.period_month <= $to::DATE)
    AND (len($regions) = 0 OR list_contains($regions, u.provider_region_code))
    AND (len($sectors) = 0 OR list_contains($sectors, p.sector_code))
    AND (len($user_types) = 0 OR list_contains($user_types, u.user_type))
    AND (len($purposes) = 0 OR list_contains($purposes, u.use_purpose))
  GROUP BY 1
),
reg AS (
  SELECT date_trunc('month', registered_at) AS month, count(DISTINCT asset_uid) AS registrations
  FROM registration
  WHERE object_type = 'PUBLIC_DATA_RESOURCE' AND reg_type = 'INITIAL' AND registered_at IS NOT NULL
    AND ($from::DATE IS NULL OR registered_at >= $from::DATE)
    AND ($to::DATE IS NULL OR registered_at < $to::DATE + INTERVAL 1 MONTH)
    AND (len($regions) = 0 OR list_contains($regions, region_code))
    AND (len($sectors) = 0 OR list_contains($sectors, sector_code))
  GROUP BY 1
),
months AS (SELECT month FROM use UNION SELECT month FROM usr UNION SELECT month FROM reg)
SELECT strftime(m.month, '%Y-%m') AS month,
       coalesce(use.calls, 0)::DOUBLE AS calls, coalesce(use.amount, 0)::DOUBLE AS amount,
       coalesce(use.paid_amount, 0)::DOUBLE AS paid_amount, coalesce(use.records, 0)::DOUBLE AS records,
       coalesce(usr.users, 0)::DOUBLE AS users, coalesce(reg.registrations, 0)::DOUBLE AS registrations
FROM months m
LEFT JOIN use ON use.month = m.month
LEFT JOIN usr ON usr.month = m.month
LEFT JOIN reg ON reg.month = m.month
ORDER BY m.month
