-- End one session (sign-out).
UPDATE session SET revoked_at = now()::TIMESTAMP WHERE id_hash = $id_hash AND revoked_at IS NULL
