-- Rejected records by reason, with the first lines as examples.
SELECT reject_code AS code, any_value(reject_field) AS field, count(*) AS n, list(line ORDER BY line)[1:5] AS example_lines,
       arg_min(reject_reason, line) AS example_reason
FROM portal_mapped
WHERE reject_code IS NOT NULL
GROUP BY reject_code
ORDER BY n DESC, code
