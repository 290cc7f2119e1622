-- Replace the title, description, text and sharing of a saved query.
UPDATE saved_query
SET title = $title, description = $description, sql = $sql, shared_roles = $shared_roles,
    shared_regions = $shared_regions, updated_at = now()::TIMESTAMP
WHERE id = $id
RETURNING id
