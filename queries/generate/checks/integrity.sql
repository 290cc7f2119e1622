-- Integrity check of a generated set, the ingest's reject rules on keys (server/ingest/kinds.ts): every record table's
-- key is unique (duplicate_key: rows beyond the first of a key) and every reference resolves (unknown_reference: rows
-- whose non-empty reference names no loaded record). One row per rule; a clean set has 0 violations everywhere.
-- It reads the record tables by name, so it runs on a loaded database or on views over the Parquet files.
WITH dup AS (
  SELECT 'org' AS table_name, 'org_id' AS column_name, sum(n - 1) AS violations
    FROM (SELECT count(*) AS n FROM org GROUP BY org_id)
  UNION ALL SELECT 'authorization', 'auth_id', sum(n - 1) FROM (SELECT count(*) AS n FROM "authorization" GROUP BY auth_id)
  UNION ALL SELECT 'registration', 'reg_event_id', sum(n - 1) FROM (SELECT count(*) AS n FROM registration GROUP BY reg_event_id)
  UNION ALL SELECT 'authorization_resource', 'auth_id|asset_uid', sum(n - 1)
    FROM (SELECT count(*) AS n FROM authorization_resource GROUP BY auth_id, asset_uid)
  UNION ALL SELECT 'product', 'product_id', sum(n - 1) FROM (SELECT count(*) AS n FROM product GROUP BY product_id)
  UNION ALL SELECT 'usage', 'usage_id', sum(n - 1) FROM (SELECT count(*) AS n FROM usage GROUP BY usage_id)
), ref AS (
  SELECT 'authorization' AS table_name, 'granting_authority_org_id' AS column_name, count(*) AS violations
    FROM "authorization" t WHERE granting_authority_org_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM org o WHERE o.org_id = t.granting_authority_org_id)
  UNION ALL SELECT 'authorization', 'implementing_agency_org_id', count(*)
    FROM "authorization" t WHERE implementing_agency_org_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM org o WHERE o.org_id = t.implementing_agency_org_id)
  UNION ALL SELECT 'authorization', 'operator_org_id', count(*)
    FROM "authorization" t WHERE operator_org_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM org o WHERE o.org_id = t.operator_org_id)
  UNION ALL SELECT 'authorization', 'is_replicated_from', count(*)
    FROM "authorization" t WHERE is_replicated_from IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "authorization" a WHERE a.auth_id = t.is_replicated_from)
  UNION ALL SELECT 'registration', 'registrant_org_id', count(*)
    FROM registration t WHERE registrant_org_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM org o WHERE o.org_id = t.registrant_org_id)
  UNION ALL SELECT 'registration', 'auth_id', count(*)
    FROM registration t WHERE auth_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "authorization" a WHERE a.auth_id = t.auth_id)
  UNION ALL SELECT 'authorization_resource', 'auth_id', count(*)
    FROM authorization_resource t WHERE auth_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "authorization" a WHERE a.auth_id = t.auth_id)
  UNION ALL SELECT 'authorization_resource', 'asset_uid', count(*)
    FROM authorization_resource t WHERE asset_uid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM registration r WHERE r.asset_uid = t.asset_uid)
  UNION ALL SELECT 'product', 'auth_id', count(*)
    FROM product t WHERE auth_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "authorization" a WHERE a.auth_id = t.auth_id)
  UNION ALL SELECT 'product', 'operator_org_id', count(*)
    FROM product t WHERE operator_org_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM org o WHERE o.org_id = t.operator_org_id)
  UNION ALL SELECT 'usage', 'product_id', count(*)
    FROM usage t WHERE product_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM product p WHERE p.product_id = t.product_id)
  UNION ALL SELECT 'usage', 'auth_id', count(*)
    FROM usage t WHERE auth_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "authorization" a WHERE a.auth_id = t.auth_id)
  UNION ALL SELECT 'usage', 'user_org_id', count(*)
    FROM usage t WHERE user_org_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM org o WHERE o.org_id = t.user_org_id)
)
SELECT table_name, column_name, 'duplicate_key' AS rule, coalesce(violations, 0)::BIGINT AS violations FROM dup
UNION ALL
SELECT table_name, column_name, 'unknown_reference', violations::BIGINT FROM ref
ORDER BY rule, table_name, column_name
