-- Raw values that no mapping table could turn into a code or value, with how many distinct records carry them and the
-- raw field they came from: the list to improve mappings/*.csv from. Placeholders are not listed (they are unknown on
-- purpose); a record counts for a label only when none of its candidate fields mapped.
WITH a AS (SELECT * FROM portal_mapped WHERE reject_code IS NULL AND repeat_of IS NULL),
u AS (
  SELECT 'sector' AS field, sector_unmapped_field AS raw_field, sector_unmapped AS label FROM a WHERE sector_code IS NULL AND sector_unmapped IS NOT NULL
  UNION ALL SELECT 'openness', openness_unmapped_field, openness_unmapped FROM a WHERE open_attribute IS NULL AND openness_unmapped IS NOT NULL
  UNION ALL SELECT 'update_frequency', frequency_unmapped_field, frequency_unmapped FROM a WHERE update_frequency IS NULL AND frequency_unmapped IS NOT NULL
  UNION ALL SELECT 'registered_at', NULL, coalesce(published_text, created_text, updated_text) FROM a
    WHERE registered_at IS NULL AND coalesce(published_text, created_text, updated_text) IS NOT NULL
  UNION ALL SELECT 'volume', NULL, volume_text FROM a WHERE volume_text IS NOT NULL AND record_count IS NULL AND storage_gb IS NULL
  UNION ALL SELECT 'data_format', NULL, unnest(format_unmapped) FROM a WHERE len(format_unmapped) > 0
)
SELECT field, any_value(raw_field) AS raw_field, label, count(*) AS n
FROM u
GROUP BY field, label
ORDER BY field, n DESC, label
