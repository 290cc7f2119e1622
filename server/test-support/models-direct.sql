-- The replicable models computed directly from the record tables, as queries/indicators/models.sql did before it read
-- the indicator facts (fact_scenario_month, fact_scenario_user). Kept only as the reference for planted.test.ts, which
-- checks that models.sql over the facts gives the same models; a change to what a model is changes both.
WITH keyed AS (
  SELECT coalesce(p.scenario_name, a.scenario_name) AS scenario_name, p.sector_code, a.auth_mode, p.product_form,
         p.charge_basis, a.region_code, u.period_month, u.calls, u.user_org_id,
         CASE WHEN u.use_purpose IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE') THEN 0 ELSE u.amount_cny END AS paid_amount
  FROM usage u
  JOIN product p ON p.product_id = u.product_id
  JOIN "authorization" a ON a.auth_id = p.auth_id
  JOIN ref_region r ON r.region_code = a.region_code AND r.is_province
  WHERE coalesce(p.scenario_name, a.scenario_name) IS NOT NULL
    AND u.period_month <= CAST($to AS DATE)
    AND (len($sectors) = 0 OR list_contains($sectors, p.sector_code))
),
aged AS (
  SELECT *, datediff('month', period_month, CAST($to AS DATE)) AS age FROM keyed
),
monthly AS (
  SELECT scenario_name, sector_code, auth_mode, product_form, charge_basis, region_code, period_month, age, sum(calls) AS calls
  FROM aged GROUP BY ALL
),
per_province AS (
  SELECT m.scenario_name, m.sector_code, m.auth_mode, m.product_form, m.charge_basis, m.region_code,
         count(*) FILTER (WHERE m.calls > 0) AS months_with_usage,
         regr_slope(ln(1 + m.calls), -m.age) FILTER (WHERE m.age < $min_months) AS trend,
         sum(m.calls) FILTER (WHERE m.age < 3) AS last3_calls,
         sum(m.calls) FILTER (WHERE m.age BETWEEN $min_months - 3 AND $min_months - 1) AS first3_calls,
         sum(m.calls) FILTER (WHERE m.age < $min_months) AS trailing_calls
  FROM monthly m GROUP BY ALL
),
payers AS (
  SELECT scenario_name, sector_code, auth_mode, product_form, charge_basis, region_code,
         count(DISTINCT user_org_id) FILTER (WHERE paid_amount > 0) AS paying_users,
         count(DISTINCT user_org_id) AS users,
         sum(paid_amount) AS paid_amount_cny
  FROM aged WHERE age < $min_months GROUP BY ALL
),
judged AS (
  SELECT p.*, coalesce(y.paying_users, 0) AS paying_users, coalesce(y.users, 0) AS users, coalesce(y.paid_amount_cny, 0) AS paid_amount_cny,
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
LEFT JOIN replicated r USING (scenario_name, sector_code, auth_mode, product_form, charge_basis)
GROUP BY j.scenario_name, j.sector_code, j.auth_mode, j.product_form, j.charge_basis
HAVING count(*) FILTER (WHERE j.succeeded) >= $min_provinces
ORDER BY succeeding_provinces DESC, trailing_calls DESC
