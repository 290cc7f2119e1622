-- For each mapped field, over the distinct accepted records: how many had a raw value, how many ended with a value
-- (mapped), how many held only a placeholder (暂无, 其他, …: unknown by design) and how many a label that no table maps.
WITH a AS (SELECT * FROM portal_mapped WHERE reject_code IS NULL AND repeat_of IS NULL)
SELECT field, total, present, mapped, placeholder, unmapped, round(mapped / greatest(total, 1), 4) AS mapped_share
FROM (
  SELECT 'title' AS field, 1 AS ord, count(*) AS total, count(data_name) AS present, count(data_name) AS mapped, 0 AS placeholder, 0 AS unmapped FROM a
  UNION ALL SELECT 'holder', 2, count(*), count(registrant_name), count(registrant_name), 0, 0 FROM a
  UNION ALL SELECT 'region', 3, count(*), count(*), count(region_code), 0, 0 FROM a
  UNION ALL SELECT 'city', 4, count(*), count(city), count(city), 0, 0 FROM a
  UNION ALL SELECT 'sector', 5, count(*), count(sector_code) + count(*) FILTER (WHERE sector_code IS NULL AND (sector_placeholder OR sector_unmapped IS NOT NULL)),
    count(sector_code), count(*) FILTER (WHERE sector_code IS NULL AND sector_unmapped IS NULL AND sector_placeholder),
    count(*) FILTER (WHERE sector_code IS NULL AND sector_unmapped IS NOT NULL) FROM a
  UNION ALL SELECT 'openness', 6, count(*), count(open_attribute) + count(*) FILTER (WHERE open_attribute IS NULL AND (openness_placeholder OR openness_unmapped IS NOT NULL)),
    count(open_attribute), count(*) FILTER (WHERE open_attribute IS NULL AND openness_unmapped IS NULL AND openness_placeholder),
    count(*) FILTER (WHERE open_attribute IS NULL AND openness_unmapped IS NOT NULL) FROM a
  UNION ALL SELECT 'update_frequency', 7, count(*), count(update_frequency) + count(*) FILTER (WHERE update_frequency IS NULL AND (frequency_placeholder OR frequency_unmapped IS NOT NULL)),
    count(update_frequency), count(*) FILTER (WHERE update_frequency IS NULL AND frequency_unmapped IS NULL AND frequency_placeholder),
    count(*) FILTER (WHERE update_frequency IS NULL AND frequency_unmapped IS NOT NULL) FROM a
  UNION ALL SELECT 'registered_at', 8, count(*), count(coalesce(published_text, created_text, updated_text)), count(registered_at), 0,
    count(*) FILTER (WHERE registered_at IS NULL AND coalesce(published_text, created_text, updated_text) IS NOT NULL) FROM a
  UNION ALL SELECT 'volume', 9, count(*), count(volume_text), count(coalesce(record_count::DOUBLE, storage_gb)), 0,
    count(*) FILTER (WHERE volume_text IS NOT NULL AND record_count IS NULL AND storage_gb IS NULL) FROM a
  UNION ALL SELECT 'data_format', 10, count(*), count(data_format) + count(*) FILTER (WHERE data_format IS NULL AND len(format_unmapped) > 0),
    count(data_format), 0, count(*) FILTER (WHERE len(format_unmapped) > 0) FROM a
  UNION ALL SELECT 'content_summary', 11, count(*), count(content_summary), count(content_summary), 0, 0 FROM a
)
ORDER BY ord
