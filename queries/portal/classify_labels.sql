-- Classify every distinct sector, openness and frequency label of the import once (labels repeat across thousands of
-- records). Placeholders (mappings/placeholders.csv) are unknown, never a code. Otherwise an exact synonym wins; then
-- for sectors the keyword that occurs first in the label (a combined label such as 工业农业、财税金融 maps by the topic
-- it names first), ties broken by the table's priority; for openness and frequency the keyword of lowest priority
-- (so 开放网站申请 is conditional: 申请 outranks 开放网站).
CREATE OR REPLACE TEMP TABLE portal_label AS
WITH labels AS (
  SELECT DISTINCT field AS kind, norm AS label
  FROM portal_value
  WHERE norm IS NOT NULL
),
hits AS (
  SELECT l.kind, l.label, m.code, m.match, m.priority,
         CASE WHEN m.match = 'exact' THEN 0 ELSE position(m.norm_pattern IN l.label) END AS pos
  FROM labels AS l
  JOIN portal_map AS m
    ON m.kind = l.kind
   AND m.norm_pattern <> ''
   AND ((m.match = 'exact' AND m.norm_pattern = l.label) OR (m.match = 'contains' AND contains(l.label, m.norm_pattern)))
),
best AS (
  SELECT kind, label, arg_min(code, (match <> 'exact', CASE WHEN kind = 'sector' THEN pos ELSE 0 END, priority)) AS code
  FROM hits
  GROUP BY kind, label
)
SELECT l.kind, l.label,
       EXISTS (SELECT 1 FROM portal_map AS p WHERE p.kind = 'placeholder' AND p.norm_pattern = l.label) AS is_placeholder,
       b.code
FROM labels AS l
LEFT JOIN best AS b USING (kind, label)
