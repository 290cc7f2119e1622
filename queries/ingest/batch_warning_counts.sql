-- Warnings of a batch by rule.
SELECT rule_code, count(*) AS warnings
FROM ingest_warning
WHERE batch_id = $batch_id
GROUP BY rule_code
ORDER BY warnings DESC, rule_code
