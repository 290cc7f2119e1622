-- Unwrap the staged records. A record is either the portal's own object (flat) or a crawl wrapper
-- {"province", "city", "source_id" | "source_path", "raw": {...}} as in the shared research catalogue.
-- portal: the wrapper's source_id, else the base name of its source_path, else $portal (the file's portal).
-- problem names why a line cannot become a record (reported as a reject), NULL when it can.
CREATE OR REPLACE TEMP TABLE portal_stage AS
WITH parsed AS (
  SELECT line, text, CASE WHEN json_valid(text) THEN text::JSON END AS rec
  FROM portal_raw
  WHERE text IS NOT NULL AND trim(text) <> ''
),
unwrapped AS (
  SELECT
    line,
    text,
    rec,
    json_type(rec) AS rec_type,
    json_type(rec -> 'raw') = 'OBJECT' AS wrapped
  FROM parsed
)
SELECT
  line,
  CASE WHEN wrapped THEN rec -> 'raw' ELSE rec END AS raw,
  CASE
    WHEN rec IS NULL THEN 'INVALID_JSON'
    WHEN rec_type <> 'OBJECT' THEN 'NOT_AN_OBJECT'
  END AS problem,
  CASE WHEN rec IS NULL OR rec_type <> 'OBJECT' THEN left(text, 200) END AS bad_text,
  coalesce(
    CASE WHEN wrapped THEN nullif(trim(rec ->> 'source_id'), '') END,
    CASE WHEN wrapped THEN nullif(regexp_extract(rec ->> 'source_path', '([^/\\]+?)(\.[A-Za-z0-9]+)*$', 1), '') END,
    $portal
  ) AS portal,
  CASE WHEN wrapped THEN nullif(trim(rec ->> 'province'), '') END AS wrapper_province,
  CASE WHEN wrapped THEN nullif(trim(rec ->> 'city'), '') END AS wrapper_city
FROM unwrapped
