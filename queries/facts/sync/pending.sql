-- What the committed batches after $last_batch_id changed, for deciding whether the stored facts can be brought up to
-- date from those batches alone: the kinds they loaded, the usage rows they wrote that are still live, the live usage
-- rows of earlier batches they replaced, the history rows they added, and how many batches up to $last_batch_id are
-- committed now (a different count means the batches the facts were built from are not these).
SELECT (SELECT coalesce(list(DISTINCT kind ORDER BY kind), []) FROM ingest_batch
         WHERE status = 'COMMITTED' AND batch_id > $last_batch_id) AS kinds,
       (SELECT count(*) FROM usage WHERE batch_id > $last_batch_id) AS usage_added,
       (SELECT count(*) FROM record_history
         WHERE table_name = 'usage' AND superseded_by_batch > $last_batch_id AND batch_id <= $last_batch_id) AS usage_replaced,
       (SELECT count(*) FROM record_history WHERE superseded_by_batch > $last_batch_id) AS history_added,
       (SELECT count(*) FROM ingest_batch WHERE status = 'COMMITTED' AND batch_id <= $last_batch_id) AS committed_before
