-- Forget sessions that ended more than a day ago.
DELETE FROM session
WHERE expires_at < now()::TIMESTAMP - INTERVAL 1 DAY OR revoked_at < now()::TIMESTAMP - INTERVAL 1 DAY
