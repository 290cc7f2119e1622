-- The operator's list price may not exceed the cap set by the granting authority.
INSERT INTO ingest_warning
SELECT $batch_id, 'product', product_id, NULL, 'list_unit_price_cny', CAST(list_unit_price_cny AS VARCHAR), 'PRICE_ABOVE_CAP', $message
FROM product
WHERE batch_id = $batch_id AND list_unit_price_cny > cap_unit_price_cny
