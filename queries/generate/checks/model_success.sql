-- Reference check of the planted replicable models (sample-data/README.md): for every combination of scenario, sector,
-- authorization mode, product form and charge basis, each province's monthly calls; how many of its last 12
-- month-over-month steps grew, the first, peak and last month's calls, and its paying users. A model succeeds in a
-- province with 13+ months of usage, 11+ of the last 12 steps growing and paying users.
WITH monthly AS (
  SELECT p.scenario_name, p.sector_code, a.auth_mode, p.product_form, p.charge_basis, u.provider_region_code AS region_code,
         u.period_month, sum(u.calls) AS calls
  FROM usage u
  JOIN product p USING (product_id)
  JOIN "authorization" a ON a.auth_id = p.auth_id
  WHERE p.scenario_name IS NOT NULL
  GROUP BY ALL
), stepped AS (
  SELECT *, calls > lag(calls) OVER w AS grew, row_number() OVER (PARTITION BY scenario_name, sector_code, auth_mode, product_form,
         charge_basis, region_code ORDER BY period_month DESC) AS months_back
  FROM monthly
  WINDOW w AS (PARTITION BY scenario_name, sector_code, auth_mode, product_form, charge_basis, region_code ORDER BY period_month)
), payers AS (
  SELECT p.scenario_name, p.sector_code, a.auth_mode, p.product_form, p.charge_basis, u.provider_region_code AS region_code,
         count(DISTINCT u.user_org_id) FILTER (WHERE u.amount_cny > 0) AS paying_users,
         count(DISTINCT u.user_org_id) AS users
  FROM usage u
  JOIN product p USING (product_id)
  JOIN "authorization" a ON a.auth_id = p.auth_id
  GROUP BY ALL
)
SELECT s.scenario_name, s.sector_code, s.auth_mode, s.product_form, s.charge_basis, s.region_code,
       count(*) AS months, count(*) FILTER (WHERE s.grew AND s.months_back <= 12) AS growing_steps_last_12,
       arg_min(s.calls, s.period_month) AS first_month_calls, max(s.calls) AS peak_month_calls,
       arg_max(s.calls, s.period_month) AS last_month_calls,
       any_value(p.paying_users) AS paying_users, any_value(p.users) AS users,
       count(*) >= 13 AND count(*) FILTER (WHERE s.grew AND s.months_back <= 12) >= 11 AND any_value(p.paying_users) > 0 AS succeeded
FROM stepped s
JOIN payers p USING (scenario_name, sector_code, auth_mode, product_form, charge_basis, region_code)
GROUP BY ALL
ORDER BY s.scenario_name, s.sector_code, s.auth_mode, s.product_form, s.charge_basis, s.region_code
