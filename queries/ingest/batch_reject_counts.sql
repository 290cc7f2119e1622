-- Rejected rows of a batch (a row with several problems counts once) and problems by reason.
SELECT reason_code, count(*) AS problems, count(DISTINCT line) AS lines,
       (SELECT count(DISTINCT line) FROM ingest_reject WHERE batch_id = $batch_id) AS rejected_rows
FROM ingest_reject
WHERE batch_id = $batch_id
GROUP BY reason_code
ORDER BY problems DESC, reason_code
