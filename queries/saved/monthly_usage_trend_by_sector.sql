-- title.zh: 各行业月度调用次数走势与环比增长
-- title.en: Monthly calls by sector with month-on-month growth
-- description.zh: 每个行业每月的调用次数、金额及环比增速，用于发现增长最快的行业和三月等季节性高峰。
-- description.en: Calls and amount per sector and month with month-on-month growth, to spot the fastest-growing sectors and seasonal peaks such as March.
SELECT period_month, sector_code,
       sum(calls) AS calls,
       sum(amount_cny) AS amount_cny,
       round(100 * (sum(calls) / lag(sum(calls)) OVER (PARTITION BY sector_code ORDER BY period_month) - 1), 1) AS calls_mom_pct
FROM rollup_usage_month
GROUP BY period_month, sector_code
ORDER BY sector_code, period_month
