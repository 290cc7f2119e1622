-- portal_text(json): a raw field value as text. Strings as they are, arrays joined with commas (['xls','csv'] and
-- ["xls"] both occur), numbers and booleans in their JSON spelling, JSON null and blank strings as NULL.
CREATE OR REPLACE TEMP MACRO portal_text(v) AS nullif(trim(
  CASE json_type(v)
    WHEN 'VARCHAR' THEN v ->> '$'
    WHEN 'ARRAY' THEN array_to_string(json_extract_string(v, '$[*]'), ',')
    WHEN 'NULL' THEN NULL
    ELSE v::VARCHAR
  END
), '')
