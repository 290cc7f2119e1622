-- Inside the import's transaction, after the ingestion engine recorded the batch: mark it as a portal catalogue,
-- count every record read (exact repeats included, which the engine never sees) and add the portal report.
UPDATE ingest_batch
SET kind = 'portal-catalog',
    rows_read = $rows_read,
    summary = json_merge_patch(summary, $patch::JSON)
WHERE batch_id = $batch_id
