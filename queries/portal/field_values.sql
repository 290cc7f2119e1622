-- Every raw field of every staged record whose name is a known synonym (mappings/fields.csv), as text:
-- (line, field, priority, raw_name, value, norm). One record can offer several candidates for a field; the mapping picks.
-- The record is parsed once into a MAP (taking raw -> key per key would re-parse the whole record for each key).
CREATE OR REPLACE TEMP TABLE portal_value AS
WITH kv AS (
  SELECT line, unnest(map_entries(raw::MAP(VARCHAR, JSON)), recursive := true)
  FROM portal_stage
  WHERE problem IS NULL
)
SELECT kv.line, m.code AS field, m.priority, kv.key AS raw_name, portal_text(kv.value) AS value,
       -- the compared form of the labels that are classified (classify_labels.sql)
       CASE WHEN m.code IN ('sector', 'openness', 'frequency') THEN portal_norm(portal_text(kv.value)) END AS norm
FROM kv
JOIN portal_map AS m ON m.kind = 'field' AND m.pattern = kv.key
