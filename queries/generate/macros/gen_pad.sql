-- gen_pad(n, width): n as text with leading zeros up to `width` digits, never cut. lpad truncates a longer string, so
-- at large scales 'k = 107940' and 'k = 10794' both became '10794': duplicate keys and dangling references.
CREATE OR REPLACE TEMP MACRO gen_pad(n, width) AS
  CASE WHEN length(n::VARCHAR) >= width THEN n::VARCHAR ELSE lpad(n::VARCHAR, width, '0') END;
