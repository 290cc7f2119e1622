-- A page of a batch's warnings in file order (rows kept but flagged by a compliance rule), shaped like its rejects.
SELECT line, field, value, rule_code AS reason_code, message AS reason
FROM ingest_warning
WHERE batch_id = $batch_id
ORDER BY line NULLS FIRST, field, record_key
LIMIT $limit OFFSET $offset
