-- Batches the history shows as neither committed, refused nor failed, or without an end: after a restart (which records
-- a killed ingest as FAILED, server/ingest/interrupted.ts) there must be none.
SELECT format('batch {} ({} of {}) has status {} and finished_at {}', batch_id, kind, file_name, status,
              coalesce(CAST(finished_at AS VARCHAR), 'NULL')) AS problem
FROM ingest_batch
WHERE status NOT IN ('COMMITTED', 'REFUSED', 'FAILED') OR finished_at IS NULL
ORDER BY batch_id
