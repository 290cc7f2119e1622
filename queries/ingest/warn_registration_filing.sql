-- Initial registration within 20 working days after first operation: working days after first_operation_date up to
-- and including submitted_at.
INSERT INTO ingest_warning
SELECT $batch_id, 'registration', reg_event_id, NULL, 'submitted_at', CAST(submitted_at AS VARCHAR), 'FILING_LATE', $message
FROM registration
WHERE batch_id = $batch_id AND submitted_at IS NOT NULL AND first_operation_date IS NOT NULL
  AND (5 * (((submitted_at + 1) - DATE '1970-01-05') // 7) + least(((submitted_at + 1) - DATE '1970-01-05') % 7, 5)) - (5 * (((first_operation_date + 1) - DATE '1970-01-05') // 7) + least(((first_operation_date + 1) - DATE '1970-01-05') % 7, 5)) > 20
