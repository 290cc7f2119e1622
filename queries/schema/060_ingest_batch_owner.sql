-- Who loaded a batch, and the regions they may load: the account name (NULL for the command line and local mode) and
-- its scope (NULL for national). A scoped reader sees a batch's rejects only when the batch's scope lies within theirs
-- (server/db/scope.ts); added after 020_ingest_batch, so existing databases gain the columns too.
ALTER TABLE ingest_batch ADD COLUMN IF NOT EXISTS account VARCHAR;
ALTER TABLE ingest_batch ADD COLUMN IF NOT EXISTS scope VARCHAR[];
