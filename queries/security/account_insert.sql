-- A new account; its id is the next free one.
INSERT INTO account (id, name, password_hash, roles, scope, disabled, oidc_issuer, oidc_subject, auth_version,
                     created_at, updated_at)
SELECT coalesce(max(id), 0) + 1, $name, $password_hash, $roles, $scope, false, $oidc_issuer, $oidc_subject, 1,
       now()::TIMESTAMP, now()::TIMESTAMP
FROM account
