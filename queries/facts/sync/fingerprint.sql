-- What the indicator facts were derived from, cheaply: the last committed batch, how many batches were committed, and
-- the row counts of the tables the facts read (count(*) of a whole table is read from its row groups' counts, so this
-- costs milliseconds at 100M usage rows). Stored beside the facts (server/facts/fact-sync.ts) and compared at start
-- and after every change: equal means the facts are current.
SELECT (SELECT coalesce(max(batch_id), 0) FROM ingest_batch WHERE status = 'COMMITTED') AS last_batch_id,
       (SELECT count(*) FROM ingest_batch WHERE status = 'COMMITTED') AS committed_batches,
       (SELECT count(*) FROM usage) AS usage_rows,
       (SELECT count(*) FROM record_history) AS history_rows,
       (SELECT count(*) FROM registration) + (SELECT count(*) FROM "authorization")
         + (SELECT count(*) FROM authorization_resource) + (SELECT count(*) FROM product)
         + (SELECT count(*) FROM ingest_warning WHERE table_name = 'registration') AS other_rows
