-- Public notice must last 10 working days (Mon–Fri, holidays ignored), counting both the first and the last day.
-- Working days before a date x, from the Monday 1970-01-05: 5 * weeks + min(days into the week, 5).
INSERT INTO ingest_warning
SELECT $batch_id, 'registration', reg_event_id, NULL, 'notice_end', CAST(notice_start AS VARCHAR) || ' – ' || CAST(notice_end AS VARCHAR),
       'NOTICE_NOT_10_WD', $message
FROM registration
WHERE batch_id = $batch_id AND notice_start IS NOT NULL AND notice_end IS NOT NULL
  AND (5 * (((notice_end + 1) - DATE '1970-01-05') // 7) + least(((notice_end + 1) - DATE '1970-01-05') % 7, 5)) - (5 * ((notice_start - DATE '1970-01-05') // 7) + least((notice_start - DATE '1970-01-05') % 7, 5)) <> 10
