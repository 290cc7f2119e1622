-- Record that tokens were used (written in batches).
UPDATE api_token SET last_used_at = now()::TIMESTAMP WHERE list_contains($ids, id)
