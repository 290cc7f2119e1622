-- Acceptance within 3 working days of submission: working days after submitted_at up to and including accepted_at.
INSERT INTO ingest_warning
SELECT $batch_id, 'registration', reg_event_id, NULL, 'accepted_at', CAST(accepted_at AS VARCHAR), 'ACCEPTANCE_OVER_3_WD', $message
FROM registration
WHERE batch_id = $batch_id AND submitted_at IS NOT NULL AND accepted_at IS NOT NULL
  AND (5 * (((accepted_at + 1) - DATE '1970-01-05') // 7) + least(((accepted_at + 1) - DATE '1970-01-05') % 7, 5)) - (5 * (((submitted_at + 1) - DATE '1970-01-05') // 7) + least(((submitted_at + 1) - DATE '1970-01-05') % 7, 5)) > 3
