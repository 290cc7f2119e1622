-- Every account, by name.
SELECT id, name, password_hash, roles, scope, disabled, oidc_issuer, oidc_subject, auth_version,
       strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at, strftime(updated_at, '%Y-%m-%dT%H:%M:%SZ') AS updated_at
FROM account
ORDER BY name
