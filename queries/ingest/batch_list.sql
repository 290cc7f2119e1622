-- Ingest history, newest first.
SELECT batch_id, kind, file_name, content_hash, file_bytes, format, encoding, status, strict, source,
       started_at, finished_at, rows_read, inserted, replaced, unchanged, rejected, warnings, duplicates
FROM ingest_batch
ORDER BY batch_id DESC
LIMIT $limit OFFSET $offset
