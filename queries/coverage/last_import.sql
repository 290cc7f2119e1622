-- When the last file was committed (the "last import" of "data as of"), as ISO 8601 UTC.
SELECT strftime(max(finished_at), '%Y-%m-%dT%H:%M:%SZ') AS last_import FROM ingest_batch WHERE status = 'COMMITTED'
