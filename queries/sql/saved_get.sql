-- One saved query by id.
SELECT id, title, description, sql, created_at, updated_at, owner, shared_roles, shared_regions
FROM saved_query
WHERE id = $id
