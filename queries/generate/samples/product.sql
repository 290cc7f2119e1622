-- Sample products: up to two of each sample agreement. Parameters: $product, $sample_authorization (CSV).
SELECT * FROM read_parquet($product)
WHERE auth_id IN (SELECT auth_id FROM read_csv($sample_authorization, all_varchar = true))
QUALIFY row_number() OVER (PARTITION BY auth_id ORDER BY product_id) <= 2
ORDER BY product_id
