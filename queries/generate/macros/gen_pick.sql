-- One element of a list, uniformly at random from (seed, key, salt).
CREATE OR REPLACE TEMP MACRO gen_pick(seed, k, salt, items) AS items[1 + (hash(seed || '|' || k || '|' || salt) % len(items))::BIGINT]
