-- Replace the title, description and text of a saved query.
UPDATE saved_query
SET title = $title, description = $description, sql = $sql, updated_at = now()::TIMESTAMP
WHERE id = $id
RETURNING id
