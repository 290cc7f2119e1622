-- An authorized-operation term may not exceed 5 years.
INSERT INTO ingest_warning
SELECT $batch_id, 'authorization', auth_id, NULL, 'term_end', CAST(term_start AS VARCHAR) || ' – ' || CAST(term_end AS VARCHAR),
       'TERM_OVER_5_YEARS', $message
FROM "authorization"
WHERE batch_id = $batch_id AND term_end > term_start + INTERVAL 5 YEAR
