-- Sample grants: up to three resources of each sample agreement. Parameters: $authorization_resource, $sample_authorization.
SELECT * FROM read_parquet($authorization_resource)
WHERE auth_id IN (SELECT auth_id FROM read_csv($sample_authorization, all_varchar = true))
QUALIFY row_number() OVER (PARTITION BY auth_id ORDER BY asset_uid) <= 3
ORDER BY auth_id, asset_uid
