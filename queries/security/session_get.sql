-- One session by the hash of its secret.
SELECT id_hash, account_id, auth_version, epoch_ms(last_seen) AS last_seen_ms, epoch_ms(expires_at) AS expires_ms,
       revoked_at IS NOT NULL AS revoked
FROM session
WHERE id_hash = $id_hash
