-- Every spelling ingestion accepts for an enumeration, a region or a sector (code, Chinese and English labels, synonyms),
-- lower-cased, mapped to its code. A spelling that would map to two codes is left out rather than guessed.
CREATE OR REPLACE TEMP TABLE ingest_enum_map AS
SELECT enum_name, k, min(code) AS code
FROM (
  SELECT enum_name, lower(trim(code)) AS k, code FROM enum_label
  UNION ALL SELECT enum_name, lower(trim(label_zh)), code FROM enum_label
  UNION ALL SELECT enum_name, lower(trim(label_en)), code FROM enum_label
  UNION ALL SELECT enum_name, lower(trim(synonym)), code FROM enum_synonym
  UNION ALL SELECT 'region', region_code, region_code FROM ref_region
  UNION ALL SELECT 'region', lower(name_zh), region_code FROM ref_region
  UNION ALL SELECT 'region', lower(name_zh_short), region_code FROM ref_region
  UNION ALL SELECT 'region', lower(name_en), region_code FROM ref_region
  UNION ALL SELECT 'region', lower(name_en_short), region_code FROM ref_region
  UNION ALL SELECT 'sector', lower(sector_code), sector_code FROM ref_sector
  UNION ALL SELECT 'sector', lower(name_zh), sector_code FROM ref_sector
  UNION ALL SELECT 'sector', lower(name_en), sector_code FROM ref_sector
  UNION ALL SELECT 'sector', lower(name_en_short), sector_code FROM ref_sector
)
WHERE k IS NOT NULL AND k <> ''
GROUP BY enum_name, k
HAVING count(DISTINCT code) = 1
