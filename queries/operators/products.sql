-- Each visible product's cap and list price and the price it actually charged (Σ paid amount ÷ Σ units of its charge
-- basis: calls or delivered products, GB, customer-months), with its calls; agreements filtered as in operators.sql.
WITH agreement AS (
  SELECT a.*
  FROM "authorization" a
  WHERE ($national OR list_contains($scope, a.region_code))
    AND (len($regions) = 0 OR list_contains($regions, a.region_code))
    AND (len($modes) = 0 OR list_contains($modes, a.auth_mode))
    AND (len($sectors) = 0 OR list_contains($sectors, a.sector_code)
         OR EXISTS (SELECT 1 FROM product p WHERE p.auth_id = a.auth_id AND list_contains($sectors, p.sector_code)))
), item AS (
  SELECT p.*, a.region_code FROM product p JOIN agreement a USING (auth_id)
), used AS (
  SELECT i.product_id,
         sum(u.calls) AS calls,
         sum(u.calls) FILTER (WHERE u.use_purpose IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE')) AS free_calls,
         sum(u.amount_cny) FILTER (WHERE u.use_purpose NOT IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE') AND u.amount_cny > 0) AS paid_amount,
         CASE i.charge_basis
           WHEN 'PER_TIME' THEN count(*) FILTER (WHERE u.use_purpose NOT IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE') AND u.amount_cny > 0)
           WHEN 'PER_DATA_VOLUME' THEN sum(u.data_volume_gb) FILTER (WHERE u.use_purpose NOT IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE') AND u.amount_cny > 0)
           ELSE sum(u.calls) FILTER (WHERE u.use_purpose NOT IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE') AND u.amount_cny > 0)
         END AS paid_units
  FROM item i JOIN usage u USING (product_id)
  WHERE $national OR list_contains($scope, u.provider_region_code)
  GROUP BY i.product_id, i.charge_basis
)
SELECT i.product_id, i.product_name, i.operator_org_id, i.auth_id, i.region_code, i.sector_code, i.charge_basis,
       CAST(i.cap_unit_price_cny AS DOUBLE) AS cap_unit_price_cny, CAST(i.list_unit_price_cny AS DOUBLE) AS list_unit_price_cny,
       CASE WHEN i.cap_unit_price_cny > 0 THEN CAST(i.list_unit_price_cny / i.cap_unit_price_cny AS DOUBLE) END AS list_to_cap,
       CASE WHEN u.paid_units > 0 THEN CAST(u.paid_amount / u.paid_units AS DOUBLE) END AS effective_unit_price_cny,
       CAST(coalesce(u.paid_amount, 0) AS DOUBLE) AS paid_amount_cny,
       coalesce(u.calls, 0) AS calls, coalesce(u.free_calls, 0) AS free_calls
FROM item i LEFT JOIN used u USING (product_id)
ORDER BY i.product_id
