-- Per province: records read, accepted, exact repeats merged, rejected and distinct records imported. Rejected rows
-- whose province could not be resolved appear under their province text with region_code NULL.
SELECT m.region_code, coalesce(r.name_zh, any_value(m.province_text)) AS province,
       count(*) AS rows_read,
       count(*) FILTER (WHERE m.reject_code IS NULL) AS accepted,
       count(*) FILTER (WHERE m.repeat_of IS NOT NULL) AS repeats,
       count(*) FILTER (WHERE m.reject_code IS NOT NULL) AS rejected,
       count(*) FILTER (WHERE m.reject_code IS NULL AND m.repeat_of IS NULL) AS records
FROM portal_mapped AS m
LEFT JOIN ref_region AS r ON r.region_code = m.region_code
GROUP BY m.region_code, r.name_zh, r.sort_order
ORDER BY r.sort_order NULLS LAST
