-- Indicator facts, models: each user of each application scenario in each provincial-level region (the keys of
-- scenario_month) with the months in which the user had usage of it and the months in which the user paid for it (a
-- usage row with a paid amount above 0; public-interest purposes are not paid), as bit masks over blocks of 64 months
-- like usage_user (bit i of block b is the month with index 64·b + i, index = year · 12 + month − 1; a user active in
-- two blocks has a row for each). Distinct users are not additive over months, so models.sql counts the users of a
-- trailing window here: one row per user and block instead of one per usage row. One GROUP BY of bit_or states, which
-- spills like any aggregate: ordered month lists took 18.6 s at scale 100 and ran out of a 1 GB memory limit beside
-- other queries. Built once per data version (server/facts/facts.ts).
WITH indexed AS (
  SELECT coalesce(p.scenario_name, a.scenario_name) AS scenario_name, p.sector_code, a.auth_mode, p.product_form,
         p.charge_basis, a.region_code, u.user_org_id,
         year(u.period_month) * 12 + month(u.period_month) - 1 AS month_index,
         u.amount_cny > 0 AND u.use_purpose NOT IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE') AS paid
  FROM usage u
  JOIN product p ON p.product_id = u.product_id
  JOIN "authorization" a ON a.auth_id = p.auth_id
  JOIN ref_region r ON r.region_code = a.region_code AND r.is_province
  WHERE coalesce(p.scenario_name, a.scenario_name) IS NOT NULL
)
SELECT scenario_name, sector_code, auth_mode, product_form, charge_basis, region_code, user_org_id,
       CAST(month_index // 64 AS INTEGER) AS block,
       bit_or(CAST(1 AS UBIGINT) << CAST(month_index % 64 AS INTEGER)) AS usage_months,
       coalesce(bit_or(CAST(1 AS UBIGINT) << CAST(month_index % 64 AS INTEGER)) FILTER (WHERE paid), 0) AS paid_months
FROM indexed
GROUP BY ALL
