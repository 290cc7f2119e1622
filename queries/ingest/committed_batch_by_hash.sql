-- A committed batch of this kind with the same content hash: the file was ingested before. A batch loaded within a
-- scope wrote only that scope's rows, so it answers for a loader whose regions all lie within it ($national false,
-- $scope their regions), not for a wider one: for them the file's other rows are still to load.
SELECT batch_id, file_name, finished_at
FROM ingest_batch
WHERE kind = $kind AND content_hash = $content_hash AND status = 'COMMITTED'
  AND (scope IS NULL OR (NOT $national AND list_has_all(scope, $scope)))
ORDER BY batch_id
LIMIT 1
