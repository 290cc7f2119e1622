-- Regions with names in both languages and the denominators of per-capita and per-GDP views.
SELECT region_code, name_zh, name_zh_short, name_en, name_en_short, is_province, pop_2020, gdp_2023_100m_cny
FROM ref_region
ORDER BY sort_order
