-- Accounts of the security database (<database>.security.duckdb, never copied into analyst snapshots). roles: any of
-- viewer, analyst, steward, admin; scope NULL = national, else region codes. auth_version grows with every password,
-- role, scope or status change, and sessions of an older version are no longer valid.
CREATE TABLE IF NOT EXISTS account (
  id             INTEGER PRIMARY KEY,
  name           VARCHAR NOT NULL UNIQUE,
  password_hash  VARCHAR,
  roles          VARCHAR[] NOT NULL,
  scope          VARCHAR[],
  disabled       BOOLEAN NOT NULL DEFAULT false,
  oidc_issuer    VARCHAR,
  oidc_subject   VARCHAR,
  auth_version   INTEGER NOT NULL DEFAULT 1,
  created_at     TIMESTAMP NOT NULL,
  updated_at     TIMESTAMP NOT NULL
);
