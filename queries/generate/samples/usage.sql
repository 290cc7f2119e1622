-- Sample usage: the first three rows of each sample product. Parameters: $usage, $sample_product (CSV).
SELECT * FROM read_parquet($usage)
WHERE product_id IN (SELECT product_id FROM read_csv($sample_product, all_varchar = true))
QUALIFY row_number() OVER (PARTITION BY product_id ORDER BY period_month, usage_id) <= 3
ORDER BY usage_id
