-- One batch with its stored summary, who loaded it and for which regions (NULL: national).
SELECT batch_id, kind, file_name, content_hash, file_bytes, format, encoding, status, strict, source,
       started_at, finished_at, rows_read, inserted, replaced, unchanged, rejected, warnings, duplicates, summary,
       account, scope
FROM ingest_batch
WHERE batch_id = $batch_id
