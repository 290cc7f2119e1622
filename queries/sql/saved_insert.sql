-- Save a new query with the next free id (callers hold db.writes, so two saves cannot take the same id).
INSERT INTO saved_query (id, title, description, sql, created_at, updated_at, owner, shared_roles, shared_regions)
SELECT coalesce(max(id), 0) + 1, $title, $description, $sql, now()::TIMESTAMP, now()::TIMESTAMP, $owner,
       $shared_roles, $shared_regions
FROM saved_query
RETURNING id
