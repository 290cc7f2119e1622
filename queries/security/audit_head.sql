-- The last entry of the chain: the writer continues from it.
SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1
