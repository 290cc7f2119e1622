-- The first and last month that have usage (or, without usage, registrations): the default period window ends at the last.
-- covered_first, covered_last: the months any usage or registration record falls in; a window wholly outside them has
-- no records to compute indicators from (an empty panel, not a panel of zeros). least/greatest skip a NULL side.
WITH u AS (SELECT min(period_month) AS first, max(period_month) AS last FROM usage),
     r AS (SELECT min(registered_at) AS first, max(registered_at) AS last FROM registration)
SELECT strftime(coalesce(u.last, r.last), '%Y-%m-01') AS last_month,
       strftime(coalesce(u.first, r.first), '%Y-%m-01') AS first_month,
       strftime(least(u.first, r.first), '%Y-%m-01') AS covered_first,
       strftime(greatest(u.last, r.last), '%Y-%m-01') AS covered_last
FROM u, r
