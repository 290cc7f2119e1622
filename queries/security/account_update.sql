-- Change an account's roles, scope, status or password; every change moves auth_version on, which ends its sessions.
UPDATE account
SET roles = $roles, scope = $scope, disabled = $disabled, password_hash = $password_hash,
    auth_version = auth_version + 1, updated_at = now()::TIMESTAMP
WHERE name = $name
