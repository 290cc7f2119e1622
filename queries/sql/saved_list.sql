-- The user's saved queries, most recently changed first.
SELECT id, title, description, sql, created_at, updated_at
FROM saved_query
ORDER BY updated_at DESC, id DESC
