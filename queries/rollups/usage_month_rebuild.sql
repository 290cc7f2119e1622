-- Second half of a full rebuild: the rollup recomputed from every live usage row.
INSERT INTO rollup_usage_month
SELECT u.period_month, u.provider_region_code, p.sector_code, u.user_type, u.use_purpose,
       u.provider_region_code <> u.user_region_code AS cross_region,
       count(*) AS usage_rows,
       CAST(sum(u.calls) AS BIGINT),
       CAST(sum(coalesce(u.records_delivered, 0)) AS BIGINT),
       sum(coalesce(u.data_volume_gb, 0)),
       CAST(sum(u.amount_cny) AS DECIMAL(18, 2)),
       CAST(sum(CASE WHEN u.use_purpose IN ('INDUSTRY_DEVELOPMENT', 'SECTOR_DEVELOPMENT') THEN u.amount_cny ELSE 0 END) AS DECIMAL(18, 2)),
       CAST(count(*) FILTER (WHERE u.new_user) AS BIGINT)
FROM usage u JOIN product p ON p.product_id = u.product_id
GROUP BY ALL
