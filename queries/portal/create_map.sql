-- The mapping tables of server/ingest/portal/mappings/*.csv, loaded for one import. kind names the table (field, openness,
-- frequency, sector, format, placeholder, city); match is exact, contains or prefix; pattern is compared in
-- portal_norm form (norm_pattern) except for field names, which are JSON keys and compared as they are.
CREATE OR REPLACE TEMP TABLE portal_map (
  kind          VARCHAR NOT NULL,
  match         VARCHAR NOT NULL,
  pattern       VARCHAR,
  norm_pattern  VARCHAR,
  code          VARCHAR,
  priority      INTEGER NOT NULL
)
