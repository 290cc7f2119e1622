-- The headline totals of measures.sql (its level 'all') without the per-region and per-sector levels: what the
-- overview needs for the previous period, at a fraction of the cost. Same filters and definitions as measures.sql;
-- server/dashboard/routes.test.ts checks that both agree.
SELECT
  (SELECT count(DISTINCT asset_uid) FROM registration
   WHERE object_type = 'PUBLIC_DATA_RESOURCE' AND reg_type = 'INITIAL' AND registered_at IS NOT NULL
     AND ($from::DATE IS NULL OR registered_at >= $from::DATE)
     AND ($to::DATE IS NULL OR registered_at < $to::DATE + INTERVAL 1 MONTH)
     AND (len($regions) = 0 OR list_contains($regions, region_code))
     AND (len($sectors) = 0 OR list_contains($sectors, sector_code)))::DOUBLE AS registrations,
  (SELECT count(*) FROM "authorization"
   WHERE status NOT IN ('PLANNING', 'SELECTING')
     AND ($to::DATE IS NULL OR term_start < $to::DATE + INTERVAL 1 MONTH)
     AND ($from::DATE IS NULL OR term_end >= $from::DATE)
     AND (len($regions) = 0 OR list_contains($regions, region_code))
     AND (len($sectors) = 0 OR list_contains($sectors, sector_code)))::DOUBLE AS authorizations,
  (SELECT count(*) FROM product p JOIN "authorization" a ON a.auth_id = p.auth_id
   WHERE p.launched_at IS NOT NULL
     AND ($from::DATE IS NULL OR p.launched_at >= $from::DATE)
     AND ($to::DATE IS NULL OR p.launched_at < $to::DATE + INTERVAL 1 MONTH)
     AND (len($regions) = 0 OR list_contains($regions, a.region_code))
     AND (len($sectors) = 0 OR list_contains($sectors, p.sector_code)))::DOUBLE AS products,
  u.calls, u.amount, u.paid_amount, u.records,
  (SELECT count(DISTINCT x.user_org_id) FROM usage x JOIN product p ON p.product_id = x.product_id
   WHERE ($from::DATE IS NULL OR x.period_month >= $from::DATE)
     AND ($to::DATE IS NULL OR x.period_month <= $to::DATE)
     AND (len($regions) = 0 OR list_contains($regions, x.provider_region_code))
     AND (len($sectors) = 0 OR list_contains($sectors, p.sector_code))
     AND (len($user_types) = 0 OR list_contains($user_types, x.user_type))
     AND (len($purposes) = 0 OR list_contains($purposes, x.use_purpose)))::DOUBLE AS users
FROM (
  SELECT coalesce(sum(calls), 0)::DOUBLE AS calls, coalesce(sum(amount_cny), 0)::DOUBLE AS amount,
         coalesce(sum(paid_amount_cny), 0)::DOUBLE AS paid_amount, coalesce(sum(records_delivered), 0)::DOUBLE AS records
  FROM rollup_usage_month
  WHERE ($from::DATE IS NULL OR period_month >= $from::DATE)
    AND ($to::DATE IS NULL OR period_month <= $to::DATE)
    AND (len($regions) = 0 OR list_contains($regions, provider_region_code))
    AND (len($sectors) = 0 OR list_contains($sectors, sector_code))
    AND (len($user_types) = 0 OR list_contains($user_types, user_type))
    AND (len($purposes) = 0 OR list_contains($purposes, use_purpose))
) u
