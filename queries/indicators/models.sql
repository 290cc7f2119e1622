-- Replicable models: application scenarios (scenario_name, sector, authorization mode, product form, charge basis)
-- that succeed in at least $min_provinces provinces by the month $to. A scenario succeeds in a province when it has
-- usage in at least $min_months months, its monthly calls grew over the trailing $min_months months (positive
-- log-linear trend and more calls in the last three of those months than in the first three) and it had at least
-- $min_paying_users paying users in them. Only provincial-level regions count (not the national level or XPCC). The scenario of a product is its own scenario_name, else its
-- authorization's (DOMAIN and OVERALL authorizations host several scenarios).
-- Usage is read through two indicator facts (queries/facts/, put in front by factSql): fact_scenario_month
-- (calls and paid amount per scenario × province × month) and fact_scenario_user (the months in which each user used
-- and paid for a scenario in a province, as bit masks). They give exactly what the usage rows up to $to would give:
-- months are summed as before, and a user counts in the trailing window when one of its months falls inside it.
WITH monthly AS (
  SELECT scenario_name, sector_code, auth_mode, product_form, charge_basis, region_code, period_month, calls, paid_amount_cny,
         datediff('month', period_month, CAST($to AS DATE)) AS age
  FROM fact_scenario_month
  WHERE period_month <= CAST($to AS DATE)
    AND (len($sectors) = 0 OR list_contains($sectors, sector_code))
),
per_province AS (
  SELECT m.scenario_name, m.sector_code, m.auth_mode, m.product_form, m.charge_basis, m.region_code,
         count(*) FILTER (WHERE m.calls > 0) AS months_with_usage,
         regr_slope(ln(1 + m.calls), -m.age) FILTER (WHERE m.age < $min_months) AS trend,
         sum(m.calls) FILTER (WHERE m.age < 3) AS last3_calls,
         sum(m.calls) FILTER (WHERE m.age BETWEEN $min_months - 3 AND $min_months - 1) AS first3_calls,
         sum(m.calls) FILTER (WHERE m.age < $min_months) AS trailing_calls,
         sum(m.paid_amount_cny) FILTER (WHERE m.age < $min_months) AS trailing_paid
  FROM monthly m GROUP BY ALL
),
-- the trailing window (the months up to $to that are less than $min_months old) as a bit mask over each 64-month block
-- of fact_scenario_user it touches, the same expression as window_blocks in inputs.sql (SQL files share no code here:
-- a macro would have to exist on every pooled connection and in the binding test)
trailing_blocks AS (
  SELECT CAST(b AS INTEGER) AS block,
         (CAST(18446744073709551615 AS UBIGINT) >> CAST(63 - (least(ti, b * 64 + 63) - b * 64) AS INTEGER))
           & ~((CAST(1 AS UBIGINT) << CAST(greatest(fi, b * 64) - b * 64 AS INTEGER)) - 1) AS months
  FROM (SELECT ti - CAST($min_months AS INTEGER) + 1 AS fi, ti FROM (SELECT year(CAST($to AS DATE)) * 12 + month(CAST($to AS DATE)) - 1 AS ti)) w,
       LATERAL (SELECT unnest(range(fi // 64, ti // 64 + 1)) AS b)
),
-- whether each user used (paid for) the scenario in a month of the window
windowed AS (
  SELECT scenario_name, sector_code, auth_mode, product_form, charge_basis, region_code, user_org_id,
         bool_or((f.usage_months & t.months) <> 0) AS used,
         bool_or((f.paid_months & t.months) <> 0) AS paid
  FROM fact_scenario_user f
  JOIN trailing_blocks t ON t.block = f.block
  WHERE len($sectors) = 0 OR list_contains($sectors, sector_code)
  GROUP BY ALL
),
payers AS (
  SELECT scenario_name, sector_code, auth_mode, product_form, charge_basis, region_code,
         count(*) FILTER (WHERE paid) AS paying_users, count(*) AS users
  FROM windowed WHERE used GROUP BY ALL
),
judged AS (
  SELECT p.*, coalesce(y.paying_users, 0) AS paying_users, coalesce(y.users, 0) AS users, coalesce(p.trailing_paid, 0) AS paid_amount_cny,
         p.months_with_usage >= $min_months AND p.trend > 0 AND coalesce(p.last3_calls, 0) > coalesce(p.first3_calls, 0)
           AND coalesce(y.paying_users, 0) >= $min_paying_users AS succeeded
  FROM per_province p
  LEFT JOIN payers y USING (scenario_name, sector_code, auth_mode, product_form, charge_basis, region_code)
),
replicated AS (
  SELECT coalesce(p.scenario_name, a.scenario_name) AS scenario_name, p.sector_code, a.auth_mode, p.product_form, p.charge_basis,
         count(DISTINCT a.auth_id) FILTER (WHERE a.is_replicated_from IS NOT NULL) AS replicated_authorizations
  FROM product p JOIN "authorization" a ON a.auth_id = p.auth_id
  GROUP BY ALL
),
-- the scenarios that are models, found before their lists are built: ordered aggregates cost a sort per group, and
-- most scenarios are not models
models AS (
  SELECT scenario_name, sector_code, auth_mode, product_form, charge_basis
  FROM judged
  GROUP BY ALL
  HAVING count(*) FILTER (WHERE succeeded) >= $min_provinces
)
SELECT j.scenario_name, j.sector_code, j.auth_mode, j.product_form, j.charge_basis,
       count(*) FILTER (WHERE j.succeeded) AS succeeding_provinces,
       list(j.region_code ORDER BY j.region_code) FILTER (WHERE j.succeeded) AS success_regions,
       list(j.region_code ORDER BY j.region_code) AS all_regions,
       list({'region_code': j.region_code, 'succeeded': j.succeeded, 'months_with_usage': j.months_with_usage,
             'trend': j.trend, 'trailing_calls': j.trailing_calls, 'paying_users': j.paying_users, 'users': j.users,
             'paid_amount_cny': j.paid_amount_cny} ORDER BY j.succeeded DESC, j.trailing_calls DESC) AS provinces,
       sum(j.trailing_calls) AS trailing_calls, sum(j.paying_users) AS paying_users,
       any_value(r.replicated_authorizations) AS replicated_authorizations
FROM judged j
SEMI JOIN models USING (scenario_name, sector_code, auth_mode, product_form, charge_basis)
LEFT JOIN replicated r USING (scenario_name, sector_code, auth_mode, product_form, charge_basis)
GROUP BY j.scenario_name, j.sector_code, j.auth_mode, j.product_form, j.charge_basis
ORDER BY succeeding_provinces DESC, trailing_calls DESC
