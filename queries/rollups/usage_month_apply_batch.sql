-- Bring rollup_usage_month up to date for one batch, additively: add the usage rows the batch wrote and subtract the
-- earlier versions it replaced (kept in record_history). Sector comes from the product. Runs inside the batch's
-- transaction, so the rollup never disagrees with usage.
MERGE INTO rollup_usage_month r
USING (
  SELECT period_month, provider_region_code, sector_code, user_type, use_purpose, cross_region,
         CAST(sum(sign) AS BIGINT) AS usage_rows,
         CAST(sum(sign * calls) AS BIGINT) AS calls,
         CAST(sum(sign * coalesce(records_delivered, 0)) AS BIGINT) AS records_delivered,
         sum(sign * coalesce(data_volume_gb, 0)) AS data_volume_gb,
         CAST(sum(sign * amount_cny) AS DECIMAL(18, 2)) AS amount_cny,
         CAST(sum(CASE WHEN use_purpose IN ('INDUSTRY_DEVELOPMENT', 'SECTOR_DEVELOPMENT') THEN sign * amount_cny ELSE 0 END) AS DECIMAL(18, 2)) AS paid_amount_cny,
         CAST(sum(CASE WHEN new_user THEN sign ELSE 0 END) AS BIGINT) AS new_users
  FROM (
    SELECT 1 AS sign, u.period_month, u.provider_region_code, p.sector_code, u.user_type, u.use_purpose,
           u.provider_region_code <> u.user_region_code AS cross_region,
           u.calls, u.records_delivered, u.data_volume_gb, u.amount_cny, u.new_user
    FROM usage u JOIN product p ON p.product_id = u.product_id
    WHERE u.batch_id = $batch_id
    UNION ALL
    SELECT -1, CAST((h.record->>'period_month') AS DATE), (h.record->>'provider_region_code'), p.sector_code,
           (h.record->>'user_type'), (h.record->>'use_purpose'),
           (h.record->>'provider_region_code') <> (h.record->>'user_region_code'),
           CAST((h.record->>'calls') AS BIGINT), CAST((h.record->>'records_delivered') AS BIGINT),
           CAST((h.record->>'data_volume_gb') AS DOUBLE), CAST((h.record->>'amount_cny') AS DECIMAL(18, 2)),
           CAST((h.record->>'new_user') AS BOOLEAN)
    FROM record_history h JOIN product p ON p.product_id = (h.record->>'product_id')
    WHERE h.table_name = 'usage' AND h.superseded_by_batch = $batch_id
  )
  GROUP BY ALL
) d
ON r.period_month = d.period_month AND r.provider_region_code = d.provider_region_code AND r.sector_code = d.sector_code
   AND r.user_type = d.user_type AND r.use_purpose = d.use_purpose AND r.cross_region = d.cross_region
WHEN MATCHED THEN UPDATE SET
  usage_rows = r.usage_rows + d.usage_rows,
  calls = r.calls + d.calls,
  records_delivered = r.records_delivered + d.records_delivered,
  data_volume_gb = r.data_volume_gb + d.data_volume_gb,
  amount_cny = r.amount_cny + d.amount_cny,
  paid_amount_cny = r.paid_amount_cny + d.paid_amount_cny,
  new_users = r.new_users + d.new_users
WHEN NOT MATCHED THEN INSERT (period_month, provider_region_code, sector_code, user_type, use_purpose, cross_region,
  usage_rows, calls, records_delivered, data_volume_gb, amount_cny, paid_amount_cny, new_users)
VALUES (d.period_month, d.provider_region_code, d.sector_code, d.user_type, d.use_purpose, d.cross_region,
  d.usage_rows, d.calls, d.records_delivered, d.data_volume_gb, d.amount_cny, d.paid_amount_cny, d.new_users)
