-- A CSV catalogue (UTF-8; GB18030 files are converted before they get here), one record per row, the header naming
-- the portal's fields. line is the CSV record number with the header as line 1. Every column stays text.
CREATE OR REPLACE TEMP TABLE portal_raw AS
SELECT row_number() OVER () + 1 AS line, to_json(c)::VARCHAR AS text
FROM read_csv($path, header = true, all_varchar = true, quote = '"', escape = '"', compression = $compression) AS c
