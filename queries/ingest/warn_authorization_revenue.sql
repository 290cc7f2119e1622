-- Reported revenue above the maximum allowed revenue (the excess is deducted in the next period).
INSERT INTO ingest_warning
SELECT $batch_id, 'authorization', auth_id, NULL, 'revenue_reported_cny', CAST(revenue_reported_cny AS VARCHAR),
       'REVENUE_ABOVE_MAX', $message
FROM "authorization"
WHERE batch_id = $batch_id AND revenue_reported_cny > max_allowed_revenue_cny
