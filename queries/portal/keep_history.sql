-- Before a newer crawl replaces a record, keep the live version with the batch that brought it.
INSERT INTO record_history
SELECT 'registration', t.reg_event_id, t.batch_id, $batch_id, now(), to_json(t)
FROM registration AS t
JOIN portal_known AS k ON k.reg_event_id = t.reg_event_id AND NOT k.same
