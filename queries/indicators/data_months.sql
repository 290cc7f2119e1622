-- The first and last month that have usage (or, without usage, registrations): the default period window ends at the last.
SELECT coalesce((SELECT strftime(max(period_month), '%Y-%m-01') FROM usage),
                (SELECT strftime(max(registered_at), '%Y-%m-01') FROM registration)) AS last_month,
       coalesce((SELECT strftime(min(period_month), '%Y-%m-01') FROM usage),
                (SELECT strftime(min(registered_at), '%Y-%m-01') FROM registration)) AS first_month
