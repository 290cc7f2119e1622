-- Which registered assets an authorization covers (many-to-many), and when each grant started and ended.
CREATE TABLE IF NOT EXISTS authorization_resource (
  auth_id     VARCHAR NOT NULL,
  asset_uid   VARCHAR NOT NULL,
  granted_at  DATE,
  revoked_at  DATE,
  batch_id    INTEGER NOT NULL
);
