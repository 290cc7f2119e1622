-- Totals of one import: records read (non-blank lines or rows), accepted (including exact repeats of an earlier
-- line, which are merged into it), distinct records, rejected.
SELECT count(*) AS rows_read,
       count(*) FILTER (WHERE reject_code IS NULL) AS accepted,
       count(*) FILTER (WHERE reject_code IS NULL AND repeat_of IS NULL) AS records,
       count(*) FILTER (WHERE repeat_of IS NOT NULL) AS repeats,
       count(*) FILTER (WHERE reject_code IS NOT NULL) AS rejected
FROM portal_mapped
