-- How many entries match the filters of GET /api/audit (every page).
SELECT count(*) AS n
FROM audit_log
WHERE ($user IS NULL OR actor = $user)
  AND (len($actions) = 0 OR list_contains($actions, action))
  AND ($outcome IS NULL OR outcome = $outcome)
  AND ($since_ms IS NULL OR occurred_at >= epoch_ms($since_ms::BIGINT))
  AND ($until_ms IS NULL OR occurred_at <= epoch_ms($until_ms::BIGINT))
