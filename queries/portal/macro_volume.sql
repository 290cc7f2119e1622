-- portal_records(text) and portal_gb(text): a catalogue volume as a record count or a size in GB. Plain integers
-- (with thousands separators or stray line breaks) and counts with units (条, 行, 万条, 亿条) give records; sizes
-- (KB, MB, GB, TB) give gb. Negative numbers are the portals' "unknown" sentinel (-1) and, like anything else, NULL.
CREATE OR REPLACE TEMP MACRO portal_records(s) AS (
  CASE WHEN regexp_full_match(lower(regexp_replace(s, '[\s,，]', '', 'g')), '\d+(\.\d+)?(千|万|亿)?(条|行|个|件|项|records?|rows?)?')
       AND (NOT contains(s, '.') OR regexp_matches(s, '千|万|亿'))
    THEN round(
      try_cast(regexp_extract(regexp_replace(s, '[\s,，]', '', 'g'), '^\d+(\.\d+)?', 0) AS DOUBLE)
      * CASE regexp_extract(s, '(千|万|亿)', 1) WHEN '千' THEN 1e3 WHEN '万' THEN 1e4 WHEN '亿' THEN 1e8 ELSE 1 END
    )::BIGINT
  END
)
