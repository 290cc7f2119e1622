-- Which registered resources each authorization covers: every resource inside an authorized scope, granted a few weeks
-- after the term started and revoked when an EXPIRED or TERMINATED agreement ended. Parameters: $asset_plan.
SELECT auth_id, asset_uid, granted_at, revoked_at
FROM read_parquet($asset_plan)
WHERE in_authorized_scope
ORDER BY auth_id, asset_uid
