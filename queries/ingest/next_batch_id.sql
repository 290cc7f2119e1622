-- Batch ids increase by one; ingests run one at a time (the write mutex, and DuckDB's file lock across processes).
SELECT coalesce(max(batch_id), 0) + 1 AS batch_id FROM ingest_batch
