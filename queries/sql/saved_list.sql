-- The saved queries a reader may see, most recently changed first: their own, those saved before accounts existed
-- (no owner), and those shared with one of $roles or one of the regions $scope holds ($national: any region).
SELECT id, title, description, sql, created_at, updated_at, owner, shared_roles, shared_regions
FROM saved_query
WHERE owner IS NULL OR owner = $user
   OR len(list_intersect(coalesce(shared_roles, []), $roles)) > 0
   OR (len(coalesce(shared_regions, [])) > 0 AND ($national OR len(list_intersect(shared_regions, $scope)) > 0))
ORDER BY updated_at DESC, id DESC
