-- Per record: the formats it is published in as one sorted, de-duplicated, lower-case list ("csv,json,xls").
-- Accepts JSON arrays, python-list strings (['xls', 'csv']), "json,api,csv", "电子表格:xlsx;数据库:greenplum" and
-- "电子文件-doc" (the category prefix is dropped); synonyms and placeholders come from mappings/formats.csv.
-- Tokens that are not plain format names (letters and digits) are kept aside as unmapped for the report.
CREATE OR REPLACE TEMP TABLE portal_format AS
WITH v AS (
  SELECT line, arg_min(value, priority) AS value
  FROM portal_value
  WHERE field = 'formats' AND value IS NOT NULL
  GROUP BY line
),
tokens AS (
  SELECT line, unnest(regexp_split_to_array(regexp_replace(lower(value), '[\[\]''"\s`]', '', 'g'), '[,;；，、|/]')) AS tok
  FROM v
),
split_more AS (
  SELECT line, regexp_replace(tok, '^[^:：]*[:：]|^[^-]*-', '') AS token FROM tokens
),
mapped AS (
  SELECT s.line, s.token,
         m.kind IS NOT NULL AS known,
         CASE WHEN m.kind IS NOT NULL THEN m.code ELSE s.token END AS fmt
  FROM split_more AS s
  LEFT JOIN portal_map AS m ON m.kind = 'format' AND m.norm_pattern = s.token
  WHERE s.token <> ''
)
SELECT line,
       nullif(array_to_string(list_sort(list_distinct(list(fmt) FILTER (WHERE fmt IS NOT NULL AND regexp_full_match(fmt, '[a-z0-9]+')))), ','), '') AS data_format,
       list_distinct(list(token) FILTER (WHERE NOT known AND NOT regexp_full_match(token, '[a-z0-9]+'))) AS odd_tokens
FROM mapped
GROUP BY line
