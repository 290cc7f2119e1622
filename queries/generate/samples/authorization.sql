-- Sample agreements: Zhejiang's first 普惠金融信贷风控 model agreement, Fujian's replica of it, and Zhejiang's first
-- DOMAIN and OVERALL agreements that have products. Parameters: $authorization, $product (generated Parquet files).
WITH has_product AS (SELECT DISTINCT auth_id FROM read_parquet($product))
SELECT * FROM read_parquet($authorization)
WHERE auth_id IN (
  SELECT auth_id FROM read_parquet($authorization) WHERE scenario_name = '普惠金融信贷风控' AND region_code IN ('330000', '350000')
  UNION ALL
  SELECT min(auth_id) FROM read_parquet($authorization)
  WHERE region_code = '330000' AND auth_mode IN ('DOMAIN', 'OVERALL') AND auth_id IN (SELECT auth_id FROM has_product)
  GROUP BY auth_mode)
ORDER BY auth_id
