-- Signed-in browser sessions. Only the SHA-256 of the cookie's secret is stored. A session ends at expires_at
-- (absolute), after ATLAS_SESSION_IDLE_MINUTES without a request (last_seen), at sign-out (revoked_at), or when its
-- account's auth_version moves on.
CREATE TABLE IF NOT EXISTS session (
  id_hash        VARCHAR PRIMARY KEY,
  account_id     INTEGER NOT NULL,
  auth_version   INTEGER NOT NULL,
  created_at     TIMESTAMP NOT NULL,
  last_seen      TIMESTAMP NOT NULL,
  expires_at     TIMESTAMP NOT NULL,
  address        VARCHAR,
  user_agent     VARCHAR,
  revoked_at     TIMESTAMP
);
