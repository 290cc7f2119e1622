-- The date itself on Monday–Friday, else the next Monday (working days are Monday–Friday; holidays are ignored).
CREATE OR REPLACE TEMP MACRO gen_weekday(d) AS (d + CASE isodow(d) WHEN 6 THEN 2 WHEN 7 THEN 1 ELSE 0 END)::DATE
