-- One ingest_reject row per rejected record: where (file, line), what (field, value) and why.
INSERT INTO ingest_reject
SELECT $batch_id, $file_name, line, reject_field, reject_value, reject_code, reject_reason
FROM portal_mapped
WHERE reject_code IS NOT NULL
ORDER BY line
