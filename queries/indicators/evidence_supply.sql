-- Supply evidence for candidate cells ($cells: 'region_code:sector_code' list) as registered at $as_of: the largest
-- registered resources and the holders with the most resources, each flagged or counted as unlockable (outside any
-- authorized scope: not in_authorized_scope and no active grant). One row per resource (kind 'resource') and per
-- holder (kind 'holder'), at most $per_cell of each kind per cell.
WITH cur AS (
  SELECT r.asset_uid,
         max_by(r, (coalesce(r.registered_at, r.accepted_at, r.submitted_at), r.reg_type <> 'CANCELLATION', r.reg_event_id)) AS e
  FROM registration r
  WHERE r.object_type = 'PUBLIC_DATA_RESOURCE'
    AND list_contains($cells, r.region_code || ':' || r.sector_code)
    AND coalesce(r.registered_at, CASE WHEN r.reg_type = 'CANCELLATION' THEN coalesce(r.accepted_at, r.submitted_at) END) <= CAST($as_of AS DATE)
  GROUP BY r.asset_uid
),
live AS (
  SELECT c.e.region_code || ':' || c.e.sector_code AS cell, c.asset_uid, c.e.data_name AS data_name,
         coalesce(c.e.registrant_org_id, c.e.registrant_name) AS holder_id, c.e.record_count AS record_count,
         c.e.update_frequency AS update_frequency, c.e.open_attribute AS open_attribute,
         NOT EXISTS (SELECT 1 FROM authorization_resource g WHERE g.asset_uid = c.asset_uid
                     AND coalesce(g.granted_at, DATE '1900-01-01') <= CAST($as_of AS DATE)
                     AND (g.revoked_at IS NULL OR g.revoked_at > CAST($as_of AS DATE)))
           AND coalesce(c.e.in_authorized_scope, false) = false AS unlockable
  FROM cur c WHERE c.e.reg_type <> 'CANCELLATION'
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
