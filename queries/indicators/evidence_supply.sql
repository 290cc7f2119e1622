-- Supply evidence for candidate cells ($cells: 'region_code:sector_code' list) as registered at $as_of: the largest
-- registered resources and the holders with the most resources, each flagged or counted as unlockable (outside any
-- authorized scope: not in_authorized_scope and no active grant). One row per resource (kind 'resource') and per
-- holder (kind 'holder'), at most $per_cell of each kind per cell. Reads the indicator fact fact_asset
-- (server/facts/facts.ts).
WITH live AS (
  -- each resource of the cells as it stood at $as_of (fact_asset: the version current then)
  SELECT a.region_code || ':' || a.sector_code AS cell, a.asset_uid, a.data_name, a.holder AS holder_id, a.record_count,
         a.update_frequency, a.open_attribute,
         NOT a.in_authorized_scope
           AND len(list_filter(a.grants, g -> coalesce(g.granted_at, DATE '1900-01-01') <= CAST($as_of AS DATE)
                                          AND (g.revoked_at IS NULL OR g.revoked_at > CAST($as_of AS DATE)))) = 0 AS unlockable
  FROM fact_asset a
  WHERE a.valid_from <= CAST($as_of AS DATE) AND (a.valid_to IS NULL OR a.valid_to > CAST($as_of AS DATE))
    AND NOT a.cancelled
    AND list_contains($cells, a.region_code || ':' || a.sector_code)
),
resources AS (
  SELECT 'resource' AS kind, cell, asset_uid, data_name, holder_id, record_count, update_frequency, open_attribute,
         unlockable, 1 AS resources, CASE WHEN unlockable THEN 1 ELSE 0 END AS unlockable_resources
  FROM live
  QUALIFY row_number() OVER (PARTITION BY cell ORDER BY record_count DESC NULLS LAST, asset_uid) <= $per_cell
),
holders AS (
  SELECT 'holder' AS kind, cell, NULL AS asset_uid, NULL AS data_name, holder_id, sum(record_count) AS record_count,
         NULL AS update_frequency, NULL AS open_attribute, NULL::BOOLEAN AS unlockable, count(*) AS resources,
         count(*) FILTER (WHERE unlockable) AS unlockable_resources
  FROM live GROUP BY cell, holder_id
  QUALIFY row_number() OVER (PARTITION BY cell ORDER BY count(*) DESC, holder_id) <= $per_cell
)
SELECT x.*, o.name AS holder_name
FROM (SELECT * FROM resources UNION ALL SELECT * FROM holders) x
LEFT JOIN org o ON o.org_id = x.holder_id
ORDER BY x.cell, x.kind, x.resources DESC, x.record_count DESC NULLS LAST
