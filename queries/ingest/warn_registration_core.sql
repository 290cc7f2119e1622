-- Security: a CORE-level asset must not be inside an authorization (its event names one, or a grant covers the asset).
INSERT INTO ingest_warning
SELECT $batch_id, 'registration', r.reg_event_id, NULL, 'security_level', r.security_level, 'CORE_ASSET_AUTHORIZED', $message
FROM registration r
WHERE r.batch_id = $batch_id AND r.security_level = 'CORE'
  AND (r.auth_id IS NOT NULL OR r.asset_uid IN (SELECT asset_uid FROM authorization_resource))
