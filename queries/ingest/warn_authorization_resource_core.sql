-- Security: granting a CORE-level asset (any live registration event of the asset says CORE).
INSERT INTO ingest_warning
SELECT $batch_id, 'authorization_resource', ar.auth_id || '|' || ar.asset_uid, NULL, 'asset_uid', ar.asset_uid,
       'CORE_ASSET_AUTHORIZED', $message
FROM authorization_resource ar
WHERE ar.batch_id = $batch_id
  AND ar.asset_uid IN (SELECT asset_uid FROM registration WHERE security_level = 'CORE')
