-- Each product's sector, copied inside the batch's transaction for usage_month_apply_batch to join on. Like the batch's
-- rows, the copy is uncommitted, so DuckDB has no statistics for either side of that join (it sees ~0 rows on both)
-- and builds the hash table on the side written second: this copy (10k rows), not the batch (10M rows). Against the
-- product table itself (10k rows known) it would build on the batch.
CREATE OR REPLACE TEMP TABLE ingest_product_sector AS
SELECT product_id, sector_code FROM product
