-- The monthly usage rollup against the same sums recomputed from the live usage rows (queries/rollups/
-- usage_month_rebuild.sql): every group present on both sides with the same measures.
WITH fresh AS (
  SELECT u.period_month, u.provider_region_code, p.sector_code, u.user_type, u.use_purpose,
         u.provider_region_code <> u.user_region_code AS cross_region,
         count(*) AS usage_rows, CAST(sum(u.calls) AS BIGINT) AS calls,
         CAST(sum(coalesce(u.records_delivered, 0)) AS BIGINT) AS records_delivered,
         sum(coalesce(u.data_volume_gb, 0)) AS data_volume_gb, CAST(sum(u.amount_cny) AS DECIMAL(18, 2)) AS amount_cny,
         CAST(count(*) FILTER (WHERE u.new_user) AS BIGINT) AS new_users
  FROM usage u JOIN product p ON p.product_id = u.product_id
  GROUP BY ALL
)
SELECT format('usage rollup {} {} {} {} {} cross={}: rollup has {} rows, {} calls, {} CNY; usage has {} rows, {} calls, {} CNY',
              CAST(coalesce(r.period_month, f.period_month) AS VARCHAR),
              coalesce(r.provider_region_code, f.provider_region_code), coalesce(r.sector_code, f.sector_code),
              coalesce(r.user_type, f.user_type), coalesce(r.use_purpose, f.use_purpose),
              coalesce(r.cross_region, f.cross_region), coalesce(r.usage_rows, 0), coalesce(r.calls, 0),
              CAST(CAST(coalesce(r.amount_cny, 0) AS DECIMAL(18, 2)) AS VARCHAR), coalesce(f.usage_rows, 0), coalesce(f.calls, 0),
              CAST(CAST(coalesce(f.amount_cny, 0) AS DECIMAL(18, 2)) AS VARCHAR)) AS problem
FROM rollup_usage_month r
FULL JOIN fresh f USING (period_month, provider_region_code, sector_code, user_type, use_purpose, cross_region)
WHERE r.usage_rows IS DISTINCT FROM f.usage_rows
   OR r.calls IS DISTINCT FROM f.calls
   OR r.records_delivered IS DISTINCT FROM f.records_delivered
   OR abs(coalesce(r.data_volume_gb, -1) - coalesce(f.data_volume_gb, -1)) > 1e-6 * greatest(1, abs(coalesce(f.data_volume_gb, 0)))
   OR r.amount_cny IS DISTINCT FROM f.amount_cny
   OR r.new_users IS DISTINCT FROM f.new_users
LIMIT 100
