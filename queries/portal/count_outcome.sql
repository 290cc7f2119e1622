-- What the upsert will do: new records, changed records (replaced) and records identical to the live version.
SELECT
  (SELECT count(*) FROM portal_accepted) - (SELECT count(*) FROM portal_known) AS inserted,
  (SELECT count(*) FROM portal_known WHERE NOT same) AS replaced,
  (SELECT count(*) FROM portal_known WHERE same) AS unchanged
