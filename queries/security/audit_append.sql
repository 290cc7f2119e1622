-- Append a group of entries (one transaction; the lists are zipped in order). $at_ms: milliseconds since 1970, UTC.
INSERT INTO audit_log (seq, occurred_at, actor, address, action, target, detail, outcome, prev_hash, hash)
SELECT unnest($seq)::BIGINT, epoch_ms(unnest($at_ms)::BIGINT), unnest($actor), unnest($address), unnest($action),
       unnest($target), unnest($detail), unnest($outcome), unnest($prev_hash), unnest($hash)
