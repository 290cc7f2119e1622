-- portal_gb(text): a catalogue volume written as a size (2GB, 512 MB, 1.5T) in GB, else NULL.
CREATE OR REPLACE TEMP MACRO portal_gb(s) AS (
  CASE WHEN regexp_full_match(lower(regexp_replace(s, '[\s,，]', '', 'g')), '\d+(\.\d+)?(k|m|g|t)i?b?')
    THEN try_cast(regexp_extract(regexp_replace(s, '[\s,，]', '', 'g'), '^\d+(\.\d+)?', 0) AS DOUBLE)
      * CASE regexp_extract(lower(s), '(k|m|g|t)', 1) WHEN 'k' THEN 1.0 / 1048576 WHEN 'm' THEN 1.0 / 1024 WHEN 'g' THEN 1 ELSE 1024 END
  END
)
