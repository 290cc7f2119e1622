-- Whether an upload's batch was recorded after its job started (an interrupted job's marker may outlive its commit by
-- the moment it takes to remove the folder; such a job finished and must not be recorded as failed).
SELECT count(*) > 0 AS recorded
FROM ingest_batch
WHERE file_name = $file_name AND source = $source AND started_at >= CAST($started_at AS TIMESTAMP)
