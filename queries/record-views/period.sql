-- The data's last usage month and its last complete calendar year: the period whose reported revenue is compared with
-- the maximum allowed revenue unless the reader names another year. NULL on an empty database.
SELECT strftime(max(period_month), '%Y-%m') AS last_month,
       CASE WHEN month(max(period_month)) = 12 THEN year(max(period_month)) ELSE year(max(period_month)) - 1 END AS default_year
FROM usage
