-- A page of a batch's rejects in file order.
SELECT line, field, value, reason_code, reason
FROM ingest_reject
WHERE batch_id = $batch_id
ORDER BY line NULLS FIRST, field
LIMIT $limit OFFSET $offset
