-- Per record and classified field (sector, openness, frequency): the code of the highest-priority raw field whose label
-- maps, the label it came from, and otherwise the first label that is neither mapped nor a placeholder (reported so
-- the tables can be improved) and whether a placeholder was seen.
CREATE OR REPLACE TEMP TABLE portal_class AS
WITH c AS (
  SELECT v.line, v.field, v.priority, v.raw_name, v.value,
         CASE WHEN l.is_placeholder THEN NULL ELSE l.code END AS code,
         coalesce(l.is_placeholder, v.norm IS NULL) AS is_placeholder
  FROM portal_value AS v
  LEFT JOIN portal_label AS l ON l.kind = v.field AND l.label = v.norm
  WHERE v.field IN ('sector', 'openness', 'frequency')
)
SELECT line, field,
       arg_min(code, priority) FILTER (WHERE code IS NOT NULL) AS code,
       arg_min(value, priority) FILTER (WHERE code IS NOT NULL) AS mapped_label,
       arg_min(value, priority) FILTER (WHERE code IS NULL AND NOT is_placeholder) AS unmapped_label,
       arg_min(raw_name, priority) FILTER (WHERE code IS NULL AND NOT is_placeholder) AS unmapped_field,
       bool_or(is_placeholder) AS had_placeholder
FROM c
GROUP BY line, field
