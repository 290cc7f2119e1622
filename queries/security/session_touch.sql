-- Record that sessions were used (written in batches, not on every request).
UPDATE session SET last_seen = now()::TIMESTAMP WHERE list_contains($id_hashes, id_hash)
