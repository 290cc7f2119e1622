-- Provincial-level regions (GB/T 2260), shipped with the product and loaded from server/db/reference/regions.csv.
-- 31 provinces, 660000 XPCC and 000000 national/central. Population: 2020 census; GDP: 2023, 100 million CNY.
-- XPCC and the national pseudo-region have no sourced population or GDP, so those stay NULL (per-capita views skip them).
CREATE TABLE IF NOT EXISTS ref_region (
  region_code        VARCHAR PRIMARY KEY,
  iso_3166_2         VARCHAR,
  name_zh            VARCHAR NOT NULL,
  name_zh_short      VARCHAR NOT NULL,
  name_en            VARCHAR NOT NULL,
  name_en_short      VARCHAR NOT NULL,
  admin_type         VARCHAR NOT NULL,
  region4            VARCHAR NOT NULL,
  region7            VARCHAR,
  pop_2020           BIGINT,
  gdp_2023_100m_cny  DECIMAL(12, 1),
  is_province        BOOLEAN NOT NULL,
  sort_order         INTEGER NOT NULL
);
