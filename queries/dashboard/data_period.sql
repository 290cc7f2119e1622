-- First and last month with usage data: the period every view covers when the filters leave it open.
SELECT strftime(min(period_month), '%Y-%m') AS first, strftime(max(period_month), '%Y-%m') AS last
FROM rollup_usage_month
