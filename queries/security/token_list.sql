-- API tokens with their account's name, newest first; $account_id NULL lists every account's.
SELECT t.id, a.name AS user, t.name, strftime(t.created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at,
       strftime(t.expires_at, '%Y-%m-%dT%H:%M:%SZ') AS expires_at, strftime(t.revoked_at, '%Y-%m-%dT%H:%M:%SZ') AS revoked_at,
       strftime(t.last_used_at, '%Y-%m-%dT%H:%M:%SZ') AS last_used_at, t.account_id
FROM api_token t JOIN account a ON a.id = t.account_id
WHERE $account_id IS NULL OR t.account_id = $account_id
ORDER BY t.created_at DESC, t.id
