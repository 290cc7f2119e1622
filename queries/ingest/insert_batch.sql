-- Record one ingested or refused file with its counts, the summary the command printed, and who loaded it within which
-- regions (account NULL: the command line or local mode; scope NULL: national).
INSERT INTO ingest_batch (batch_id, kind, file_name, content_hash, file_bytes, format, encoding, status, strict,
  started_at, finished_at, rows_read, inserted, replaced, unchanged, rejected, warnings, duplicates, source, account,
  scope, summary)
VALUES ($batch_id, $kind, $file_name, $content_hash, $file_bytes, $format, $encoding, $status, $strict,
  CAST($started_at AS TIMESTAMP), CAST($finished_at AS TIMESTAMP), $rows_read, $inserted, $replaced, $unchanged,
  $rejected, $warnings, $duplicates, $source, $account, CASE WHEN $national THEN NULL ELSE CAST($scope AS VARCHAR[]) END,
  CAST($summary AS JSON))
