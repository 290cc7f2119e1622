-- Revoke a token; answers the rows changed.
UPDATE api_token SET revoked_at = now()::TIMESTAMP WHERE id = $id AND revoked_at IS NULL RETURNING id
