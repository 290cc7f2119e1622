-- Bilingual names of regions and sectors, to label entities (a cell 'region:sector' takes both).
SELECT 'region' AS kind, region_code AS code, name_zh, name_en_short AS name_en, sort_order FROM ref_region
UNION ALL
SELECT 'sector', sector_code, name_zh, name_en_short, sort_order FROM ref_sector
ORDER BY kind, sort_order
