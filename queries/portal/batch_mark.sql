-- Inside the import's transaction, after the ingestion engine recorded the batch: mark it as a portal catalogue,
-- count every record read (exact repeats included, which the engine never sees), give the size of the file as
-- uploaded (the engine read its decompressed or converted form) and add the portal report.
UPDATE ingest_batch
SET kind = 'portal-catalog',
    rows_read = $rows_read,
    file_bytes = $file_bytes,
    summary = json_merge_patch(summary, $patch::JSON)
WHERE batch_id = $batch_id
