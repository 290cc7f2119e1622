-- Unwrap the staged records. A record is either the portal's own object (flat) or a crawl wrapper
-- {"province", "city", "source_id" | "source_path", "raw": {...}} as in the shared research catalogue.
-- portal: the wrapper's source_id, else the base name of its source_path, else $portal (the file's portal).
-- problem names why a line cannot become a record (reported as a reject), NULL when it can.
-- Each document is parsed once for all the paths (json_extract with a list): repeated -> on a JSON value re-parses it.
CREATE OR REPLACE TEMP TABLE portal_stage AS
WITH parsed AS (
  SELECT line, text, json_valid(text) AS ok
  FROM portal_raw
  WHERE text IS NOT NULL AND trim(text) <> ''
),
parts AS (
  SELECT line, text, ok,
         CASE WHEN ok THEN json_type(text) END AS rec_type,
         CASE WHEN ok THEN json_extract(text, ['$.raw', '$.source_id', '$.source_path', '$.province', '$.city']) END AS p
  FROM parsed
),
unwrapped AS (
  SELECT *, rec_type = 'OBJECT' AND coalesce(json_type(p[1]) = 'OBJECT', false) AS wrapped
  FROM parts
)
SELECT
  line,
  CASE WHEN wrapped THEN p[1] WHEN rec_type = 'OBJECT' THEN text::JSON END AS raw,
  CASE
    WHEN NOT ok THEN 'INVALID_JSON'
    WHEN rec_type <> 'OBJECT' THEN 'NOT_AN_OBJECT'
  END AS problem,
  CASE WHEN NOT ok OR rec_type <> 'OBJECT' THEN left(text, 200) END AS bad_text,
  coalesce(
    CASE WHEN wrapped THEN nullif(trim(p[2] ->> '$'), '') END,
    CASE WHEN wrapped THEN nullif(regexp_extract(p[3] ->> '$', '([^/\\]+?)(\.[A-Za-z0-9]+)*$', 1), '') END,
    $portal
  ) AS portal,
  CASE WHEN wrapped THEN nullif(trim(p[4] ->> '$'), '') END AS wrapper_province,
  CASE WHEN wrapped THEN nullif(trim(p[5] ->> '$'), '') END AS wrapper_city
FROM unwrapped
