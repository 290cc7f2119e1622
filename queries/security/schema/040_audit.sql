-- The audit trail (docs/security.md "Audit trail"): one row per recorded action, only ever appended. Each row carries
-- the SHA-256 of the row before (prev_hash; 64 zeros for seq 1) and its own hash over the canonical serialisation of
-- its fields (server/audit-log.ts), so `atlas audit verify` finds a changed, removed or reordered row. seq runs 1, 2,
-- 3… without gaps; the writer continues from the row with the highest seq after a restart. No index: appends stay
-- cheap, and the log is read by scans.
CREATE TABLE IF NOT EXISTS audit_log (
  seq         BIGINT NOT NULL,
  occurred_at TIMESTAMP NOT NULL, -- UTC, milliseconds
  actor       VARCHAR NOT NULL,    -- account name, 'local', 'cli:<os user>'
  address     VARCHAR NOT NULL,    -- client address, '' for the command line
  action      VARCHAR NOT NULL,
  target      VARCHAR NOT NULL,    -- '' when the action has none
  detail      VARCHAR NOT NULL,    -- a JSON object, keys sorted (the text is what is hashed)
  outcome     VARCHAR NOT NULL,    -- ok, refused, failed
  prev_hash   VARCHAR NOT NULL,
  hash        VARCHAR NOT NULL
);
