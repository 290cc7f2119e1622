-- Organisations: data holders, registration institutions, granting authorities, implementing agencies, operators, users.
-- Keys are unique by construction of the ingestion (no index: ART indexes slow bulk loads and cost memory).
CREATE TABLE IF NOT EXISTS org (
  org_id         VARCHAR NOT NULL,
  uscc           VARCHAR,
  name           VARCHAR NOT NULL,
  org_role       VARCHAR NOT NULL,
  org_type       VARCHAR,
  admin_level    VARCHAR,
  region_code    VARCHAR NOT NULL,
  sector_code    VARCHAR,
  is_data_group  BOOLEAN,
  batch_id       INTEGER NOT NULL
);
