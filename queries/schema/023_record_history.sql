-- Earlier versions of records that a later batch replaced: which batch brought the old version, which batch replaced
-- it, and the old row as JSON. The live row is always in the record table itself.
CREATE TABLE IF NOT EXISTS record_history (
  table_name           VARCHAR NOT NULL,
  record_key           VARCHAR NOT NULL,
  batch_id             INTEGER NOT NULL,
  superseded_by_batch  INTEGER NOT NULL,
  superseded_at        TIMESTAMP NOT NULL,
  record               JSON NOT NULL
);
