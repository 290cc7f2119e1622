-- Indicator facts, models: each user of each application scenario in each provincial-level region (the keys of
-- scenario_month) with the months in which the user had usage of it and the months in which the user paid for it (a
-- usage row with a paid amount above 0; public-interest purposes are not paid), each list ascending. Distinct users
-- are not additive over months, so models.sql counts the users of a trailing window here: one row per user instead of
-- one per usage row (the same user mostly uses a scenario in many months). Built once per data version
-- (server/indicators/facts.ts).
WITH user_months AS (
  SELECT coalesce(p.scenario_name, a.scenario_name) AS scenario_name, p.sector_code, a.auth_mode, p.product_form,
         p.charge_basis, a.region_code, u.user_org_id, u.period_month,
         bool_or(CASE WHEN u.use_purpose IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE') THEN 0 ELSE u.amount_cny END > 0) AS paid
  FROM usage u
  JOIN product p ON p.product_id = u.product_id
  JOIN "authorization" a ON a.auth_id = p.auth_id
  JOIN ref_region r ON r.region_code = a.region_code AND r.is_province
  WHERE coalesce(p.scenario_name, a.scenario_name) IS NOT NULL
  GROUP BY ALL
)
SELECT scenario_name, sector_code, auth_mode, product_form, charge_basis, region_code, user_org_id,
       list(period_month ORDER BY period_month) AS usage_months,
       coalesce(list(period_month ORDER BY period_month) FILTER (WHERE paid), []) AS paid_months
FROM user_months
GROUP BY ALL
