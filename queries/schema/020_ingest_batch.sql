-- One row per ingested (or refused) file. A COMMITTED batch is recognised again by its content hash.
CREATE TABLE IF NOT EXISTS ingest_batch (
  batch_id       INTEGER PRIMARY KEY,
  kind           VARCHAR NOT NULL,
  file_name      VARCHAR NOT NULL,
  content_hash   VARCHAR NOT NULL,
  file_bytes     BIGINT NOT NULL,
  format         VARCHAR,
  encoding       VARCHAR,
  status         VARCHAR NOT NULL,          -- COMMITTED | REFUSED | FAILED (interrupted)
  strict         BOOLEAN NOT NULL DEFAULT false,
  started_at     TIMESTAMP NOT NULL,
  finished_at    TIMESTAMP,
  rows_read      BIGINT NOT NULL DEFAULT 0,
  inserted       BIGINT NOT NULL DEFAULT 0,  -- new keys
  replaced       BIGINT NOT NULL DEFAULT 0,  -- known keys whose earlier version moved to record_history
  unchanged      BIGINT NOT NULL DEFAULT 0,  -- known keys whose content was identical
  rejected       BIGINT NOT NULL DEFAULT 0,
  warnings       BIGINT NOT NULL DEFAULT 0,
  duplicates     BIGINT NOT NULL DEFAULT 0,  -- rows rejected because their key repeats inside the file
  source         VARCHAR,                    -- cli | upload | sample
  summary        JSON                        -- the summary printed by `atlas ingest`, with the first rejects
);
