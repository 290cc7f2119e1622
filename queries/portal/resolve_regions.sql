-- Resolve each distinct province and city text of the import to a provincial region code (ref_region). A province
-- matches by full or short Chinese name or by starting with the short name (浙江 / 浙江省); a city that is itself a
-- provincial-level name (provincial portals) resolves the same way, any other city through mappings/cities.csv
-- (prefix of the city name). The longest matching name wins (新疆生产建设兵团 before 新疆).
CREATE OR REPLACE TEMP TABLE portal_region AS
WITH texts AS (
  SELECT DISTINCT t AS text FROM (
    SELECT province_text AS t FROM portal_place UNION ALL SELECT city_text FROM portal_place
  ) WHERE t IS NOT NULL
),
province_hits AS (
  SELECT x.text, r.region_code, length(r.name_zh_short) AS len
  FROM texts AS x JOIN ref_region AS r
    ON r.region_code <> '000000'
   AND (x.text = r.name_zh OR x.text = r.name_zh_short OR starts_with(x.text, r.name_zh_short))
),
city_hits AS (
  SELECT x.text, m.code AS region_code, length(m.norm_pattern) AS len
  FROM texts AS x JOIN portal_map AS m ON m.kind = 'city' AND starts_with(portal_norm(x.text), m.norm_pattern)
)
SELECT x.text,
       (SELECT arg_max(region_code, len) FROM province_hits AS p WHERE p.text = x.text) AS province_code,
       (SELECT arg_max(region_code, len) FROM city_hits AS c WHERE c.text = x.text) AS city_province_code
FROM texts AS x
