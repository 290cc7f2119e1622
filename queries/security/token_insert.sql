-- A new API token (its secret is stored as its SHA-256 only).
INSERT INTO api_token (id, account_id, name, token_hash, created_at, expires_at)
VALUES ($id, $account_id, $name, $token_hash, now()::TIMESTAMP, $expires_at::TIMESTAMP)
