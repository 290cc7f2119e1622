-- A new session (the cookie's secret is stored as its SHA-256 only).
INSERT INTO session (id_hash, account_id, auth_version, created_at, last_seen, expires_at, address, user_agent)
VALUES ($id_hash, $account_id, $auth_version, now()::TIMESTAMP, now()::TIMESTAMP, $expires_at::TIMESTAMP, $address,
        $user_agent)
