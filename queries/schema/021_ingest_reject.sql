-- Rows refused at ingestion: where (file, line or row), what (field, value) and why (reason_code + message).
-- `line` is the CSV record number with the header as line 1, or the 1-based row/record number for Parquet and JSON.
CREATE TABLE IF NOT EXISTS ingest_reject (
  batch_id     INTEGER NOT NULL,
  file_name    VARCHAR NOT NULL,
  line         BIGINT,
  field        VARCHAR,
  value        VARCHAR,
  reason_code  VARCHAR NOT NULL,
  reason       VARCHAR NOT NULL
);
