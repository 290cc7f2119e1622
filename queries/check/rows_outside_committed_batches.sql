-- Live rows whose batch is not a committed one (missing from the history, refused or failed): an ingest is all or
-- nothing, so rows of a batch that did not commit mean a half-written file.
WITH live AS (
  SELECT 'org' AS tbl, batch_id FROM org
  UNION ALL SELECT 'registration', batch_id FROM registration
  UNION ALL SELECT 'authorization', batch_id FROM "authorization"
  UNION ALL SELECT 'authorization_resource', batch_id FROM authorization_resource
  UNION ALL SELECT 'product', batch_id FROM product
  UNION ALL SELECT 'usage', batch_id FROM usage
)
SELECT format('{} rows of {} belong to batch {} ({})', count(*), l.tbl, l.batch_id,
              coalesce(b.status, 'not in the history')) AS problem
FROM live l LEFT JOIN ingest_batch b ON b.batch_id = l.batch_id
WHERE b.status IS DISTINCT FROM 'COMMITTED'
GROUP BY l.tbl, l.batch_id, b.status
ORDER BY l.tbl, l.batch_id
