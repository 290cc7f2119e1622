-- The operating organisation $operator, if the reader may see one of its agreements ($national, or its region in
-- $scope): no row otherwise, so an operator outside the reader's regions is as unknown as one that does not exist.
SELECT o.org_id AS operator_org_id, o.name AS operator_name, o.region_code AS home_region_code, o.org_type,
       coalesce(o.is_data_group, false) AS is_data_group
FROM (SELECT DISTINCT operator_org_id FROM "authorization"
      WHERE operator_org_id = $operator AND ($national OR list_contains($scope, region_code))) a
LEFT JOIN org o ON o.org_id = a.operator_org_id
