-- The id of the next ingest batch.
SELECT coalesce(max(batch_id), 0) + 1 AS batch_id FROM ingest_batch
