-- Indicator facts, models: usage per application scenario (scenario name, sector, authorization mode, product form,
-- charge basis) × provincial-level region of the authorization × month, with its calls and paid amount (money paid
-- for public-interest purposes is not paid). The scenario of a product is its own scenario_name, else its
-- authorization's. A month with usage rows keeps its row even when its calls sum to 0 (models.sql fits trends over the
-- months that have rows). models.sql reads this instead of usage; with scenario_user, it is all models need from
-- usage. Built once per data version (server/facts/facts.ts).
SELECT coalesce(p.scenario_name, a.scenario_name) AS scenario_name, p.sector_code, a.auth_mode, p.product_form,
       p.charge_basis, a.region_code, u.period_month, sum(u.calls) AS calls,
       sum(CASE WHEN u.use_purpose IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE') THEN 0 ELSE u.amount_cny END) AS paid_amount_cny
FROM usage u
JOIN product p ON p.product_id = u.product_id
JOIN "authorization" a ON a.auth_id = p.auth_id
JOIN ref_region r ON r.region_code = a.region_code AND r.is_province
WHERE coalesce(p.scenario_name, a.scenario_name) IS NOT NULL
GROUP BY ALL
