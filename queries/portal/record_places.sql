-- Per record: the province and city it belongs to, as text. The crawl wrapper's fields win, then fields of the record
-- itself (省份, 城市, …), then what the importer was told for the whole file ($province, $city).
CREATE OR REPLACE TEMP TABLE portal_place AS
WITH f AS (
  SELECT line,
         arg_min(value, priority) FILTER (WHERE field = 'province') AS province,
         arg_min(value, priority) FILTER (WHERE field = 'city') AS city
  FROM portal_value
  WHERE field IN ('province', 'city') AND value IS NOT NULL
  GROUP BY line
)
SELECT s.line,
       nullif(trim(coalesce(s.wrapper_province, f.province, $province)), '') AS province_text,
       nullif(trim(coalesce(s.wrapper_city, f.city, $city)), '') AS city_text
FROM portal_stage AS s
LEFT JOIN f USING (line)
WHERE s.problem IS NULL
