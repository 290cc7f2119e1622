-- Entries matching the filters of GET /api/audit and `atlas audit list`, newest first ($newest_first) or in chain
-- order; $limit NULL for every one. A NULL or empty filter matches everything.
SELECT seq, epoch_ms(occurred_at) AS at_ms, actor, address, action, target, detail, outcome, prev_hash, hash
FROM audit_log
WHERE ($user IS NULL OR actor = $user)
  AND (len($actions) = 0 OR list_contains($actions, action))
  AND ($outcome IS NULL OR outcome = $outcome)
  AND ($since_ms IS NULL OR occurred_at >= epoch_ms($since_ms::BIGINT))
  AND ($until_ms IS NULL OR occurred_at <= epoch_ms($until_ms::BIGINT))
  AND ($before IS NULL OR seq < $before)
ORDER BY CASE WHEN $newest_first THEN -seq ELSE seq END
LIMIT $limit
