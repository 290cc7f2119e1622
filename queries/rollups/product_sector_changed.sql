-- Products this batch replaced with a different sector: the usage rollup must then be rebuilt.
SELECT count(*) AS n
FROM record_history h JOIN product p ON p.product_id = (h.record->>'product_id')
WHERE h.table_name = 'product' AND h.superseded_by_batch = $batch_id AND (h.record->>'sector_code') <> p.sector_code
