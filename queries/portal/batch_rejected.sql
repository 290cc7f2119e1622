-- Records of a batch that were rejected, by the portal mapping or by the engine's validation (one count per line).
SELECT count(DISTINCT coalesce(line, -1)) AS rejected FROM ingest_reject WHERE batch_id = $batch_id
