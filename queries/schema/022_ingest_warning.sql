-- Rows kept but flagged by a compliance rule (data-model.md, validation: warn). The compliance indicators count these
-- for the record version that is current (same table, record_key and batch_id as the live row).
CREATE TABLE IF NOT EXISTS ingest_warning (
  batch_id     INTEGER NOT NULL,
  table_name   VARCHAR NOT NULL,
  record_key   VARCHAR NOT NULL,
  line         BIGINT,
  field        VARCHAR,
  value        VARCHAR,
  rule_code    VARCHAR NOT NULL,
  message      VARCHAR NOT NULL
);
