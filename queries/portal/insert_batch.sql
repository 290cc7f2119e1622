-- Record the import as one committed ingest batch, with its report as the summary.
INSERT INTO ingest_batch (batch_id, kind, file_name, content_hash, file_bytes, format, encoding, status, strict,
                          started_at, finished_at, rows_read, inserted, replaced, unchanged, rejected, warnings,
                          duplicates, source, summary)
VALUES ($batch_id, 'portal-catalog', $file_name, $content_hash, $file_bytes, $format, $encoding, 'COMMITTED', false,
        $started_at::TIMESTAMP, now()::TIMESTAMP, $rows_read, $inserted, $replaced, $unchanged, $rejected, 0,
        $duplicates, $source, $summary::JSON)
