-- Remove the live versions that this import replaces (their copies are in record_history).
DELETE FROM registration AS t
USING portal_known AS k
WHERE k.reg_event_id = t.reg_event_id AND NOT k.same
