-- API tokens for scripts (Authorization: Bearer atl_…). Only the SHA-256 of the secret is stored; the token is shown
-- once when created. A token ends at expires_at (NULL: never) or when revoked.
CREATE TABLE IF NOT EXISTS api_token (
  id             VARCHAR PRIMARY KEY,
  account_id     INTEGER NOT NULL,
  name           VARCHAR NOT NULL,
  token_hash     VARCHAR NOT NULL UNIQUE,
  created_at     TIMESTAMP NOT NULL,
  expires_at     TIMESTAMP,
  revoked_at     TIMESTAMP,
  last_used_at   TIMESTAMP
);
