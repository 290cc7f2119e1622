-- portal_volume(text): a catalogue volume as {records, gb}. Plain integers (with thousands separators) and counts with
-- units (条, 行, 万条, 亿条) give records; sizes (KB, MB, GB, TB) give gb. Negative numbers are the portals' "unknown"
-- sentinel (-1) and, like anything else, give NULLs.
CREATE OR REPLACE TEMP MACRO portal_volume(s) AS (
  WITH t AS (SELECT lower(regexp_replace(s, '[\s,，]', '', 'g')) AS v),
  m AS (
    SELECT
      regexp_extract(v, '^(\d+(?:\.\d+)?)(千|万|亿)?(条|行|个|件|项|records?|rows?)?$', ['n', 'mult', 'unit']) AS c,
      regexp_extract(v, '^(\d+(?:\.\d+)?)(k|m|g|t)i?b?$', ['n', 'unit']) AS z
    FROM t
  )
  SELECT {
    'records': CASE WHEN c.n <> '' AND (c.mult <> '' OR NOT contains(c.n, '.'))
      THEN round(try_cast(c.n AS DOUBLE) * CASE c.mult WHEN '千' THEN 1e3 WHEN '万' THEN 1e4 WHEN '亿' THEN 1e8 ELSE 1 END)::BIGINT END,
    'gb': CASE WHEN z.n <> ''
      THEN try_cast(z.n AS DOUBLE) * CASE z.unit WHEN 'k' THEN 1.0 / 1048576 WHEN 'm' THEN 1.0 / 1024 WHEN 'g' THEN 1 ELSE 1024 END END
  } FROM m
)
