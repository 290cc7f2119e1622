-- A committed batch of this kind with the same content hash: the file was ingested before.
SELECT batch_id, file_name, finished_at
FROM ingest_batch
WHERE kind = $kind AND content_hash = $content_hash AND status = 'COMMITTED'
ORDER BY batch_id
LIMIT 1
