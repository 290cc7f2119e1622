-- The token a bearer secret belongs to.
SELECT id, account_id, epoch_ms(expires_at) AS expires_ms, revoked_at IS NOT NULL AS revoked
FROM api_token
WHERE token_hash = $token_hash
