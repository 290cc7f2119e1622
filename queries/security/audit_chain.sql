-- Every entry in chain order, as `atlas audit verify` reads them (ties of a duplicated seq in a fixed order).
SELECT seq, epoch_ms(occurred_at) AS at_ms, actor, address, action, target, detail, outcome, prev_hash, hash
FROM audit_log
ORDER BY seq, hash
