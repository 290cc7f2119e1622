-- The date n working days after d (d a Monday–Friday date, n >= 0): the count of Monday–Friday dates in (d, result] is n.
CREATE OR REPLACE TEMP MACRO gen_add_workdays(d, n) AS
  (d + (7 * (n // 5) + n % 5 + CASE WHEN isodow(d) + n % 5 > 5 THEN 2 ELSE 0 END)::INTEGER)::DATE
