-- Delete a saved query.
DELETE FROM saved_query
WHERE id = $id
RETURNING id
