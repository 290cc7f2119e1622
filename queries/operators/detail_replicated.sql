-- The models operator $operator's visible agreements ($national, or region in $scope) copy (is_replicated_from): the
-- source agreement's region always (where the model came from), its operator, scenario and start only when the reader
-- may see the source's region too.
WITH agreement AS (
  SELECT a.auth_id, a.is_replicated_from
  FROM "authorization" a
  WHERE a.operator_org_id = $operator AND ($national OR list_contains($scope, a.region_code))
    AND a.is_replicated_from IS NOT NULL
)
SELECT a.auth_id, a.is_replicated_from AS source_auth_id, s.region_code AS source_region_code,
       coalesce($national OR list_contains($scope, s.region_code), false) AS source_visible,
       CASE WHEN $national OR list_contains($scope, s.region_code) THEN s.operator_org_id END AS source_operator_org_id,
       CASE WHEN $national OR list_contains($scope, s.region_code) THEN o.name END AS source_operator_name,
       CASE WHEN $national OR list_contains($scope, s.region_code) THEN s.scenario_name END AS source_scenario_name,
       CASE WHEN $national OR list_contains($scope, s.region_code) THEN strftime(s.term_start, '%Y-%m-%d') END AS source_term_start
FROM agreement a
LEFT JOIN "authorization" s ON s.auth_id = a.is_replicated_from
LEFT JOIN org o ON o.org_id = s.operator_org_id
ORDER BY a.auth_id
