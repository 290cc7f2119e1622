-- Append one mapping table (a CSV kept as data under server/ingest/portal/mappings/) to portal_map.
INSERT INTO portal_map
SELECT $kind, match, coalesce(pattern, ''), coalesce(portal_norm(pattern), ''), nullif(code, ''), priority::INTEGER
FROM read_csv($path, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
              columns = {'match': 'VARCHAR', 'pattern': 'VARCHAR', 'code': 'VARCHAR', 'priority': 'VARCHAR', 'note': 'VARCHAR'})
