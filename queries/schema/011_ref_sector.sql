-- The twelve "Data Elements ×" sectors (DEX01..DEX12) plus six other domains seen in real registrations.
CREATE TABLE IF NOT EXISTS ref_sector (
  sector_code         VARCHAR PRIMARY KEY,
  name_zh             VARCHAR NOT NULL,
  name_en             VARCHAR NOT NULL,
  name_en_short       VARCHAR NOT NULL,
  is_data_elements_x  BOOLEAN NOT NULL,
  lead_ministry_zh    VARCHAR,
  gbt4754_sections    VARCHAR,
  sort_order          INTEGER NOT NULL
);
