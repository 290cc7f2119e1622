-- Record one ingested or refused file with its counts and the summary the command printed.
INSERT INTO ingest_batch (batch_id, kind, file_name, content_hash, file_bytes, format, encoding, status, strict,
  started_at, finished_at, rows_read, inserted, replaced, unchanged, rejected, warnings, duplicates, source, summary)
VALUES ($batch_id, $kind, $file_name, $content_hash, $file_bytes, $format, $encoding, $status, $strict,
  CAST($started_at AS TIMESTAMP), CAST($finished_at AS TIMESTAMP), $rows_read, $inserted, $replaced, $unchanged,
  $rejected, $warnings, $duplicates, $source, CAST($summary AS JSON))
