-- Public governance and public welfare use is free: a non-zero amount is a warning.
INSERT INTO ingest_warning
SELECT $batch_id, 'usage', usage_id, NULL, 'amount_cny', CAST(amount_cny AS VARCHAR), 'FREE_PURPOSE_CHARGED', $message
FROM usage
WHERE batch_id = $batch_id AND use_purpose IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE') AND amount_cny <> 0
