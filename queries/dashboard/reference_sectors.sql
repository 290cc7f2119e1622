-- Sectors with names in both languages.
SELECT sector_code, name_zh, name_en, name_en_short, is_data_elements_x
FROM ref_sector
ORDER BY sort_order
