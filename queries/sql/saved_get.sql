-- One saved query by id.
SELECT id, title, description, sql, created_at, updated_at
FROM saved_query
WHERE id = $id
