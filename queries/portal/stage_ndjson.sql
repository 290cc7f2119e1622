-- One catalogue record per line (NDJSON, gzipped or not). Every line is read as text so that a malformed line is
-- rejected with its line number instead of failing the file; blank lines keep their number and are skipped later.
-- chr(1) never occurs in valid JSON text (control characters must be escaped), so each line is one field.
CREATE OR REPLACE TEMP TABLE portal_raw AS
SELECT row_number() OVER () AS line, text
FROM read_csv($path, columns = {'text': 'VARCHAR'}, delim = chr(1), quote = '', escape = '', header = false,
              auto_detect = false, compression = $compression)
