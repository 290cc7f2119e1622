-- Per portal: records read, accepted, exact repeats merged, rejected and distinct records imported.
SELECT portal, count(*) AS rows_read,
       count(*) FILTER (WHERE reject_code IS NULL) AS accepted,
       count(*) FILTER (WHERE repeat_of IS NOT NULL) AS repeats,
       count(*) FILTER (WHERE reject_code IS NOT NULL) AS rejected,
       count(*) FILTER (WHERE reject_code IS NULL AND repeat_of IS NULL) AS records
FROM portal_mapped
GROUP BY portal
ORDER BY portal
