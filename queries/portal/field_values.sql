-- Every raw field of every staged record whose name is a known synonym (mappings/fields.csv), as text:
-- (line, field, priority, raw_name, value). One record can offer several candidates for a field; the mapping picks.
CREATE OR REPLACE TEMP TABLE portal_value AS
WITH kv AS (
  SELECT s.line, k.key AS raw_name, s.raw -> k.key AS v
  FROM portal_stage AS s, unnest(json_keys(s.raw)) AS k(key)
  WHERE s.problem IS NULL
)
SELECT kv.line, m.code AS field, m.priority, kv.raw_name, portal_text(kv.v) AS value
FROM kv
JOIN portal_map AS m ON m.kind = 'field' AND m.pattern = kv.raw_name
