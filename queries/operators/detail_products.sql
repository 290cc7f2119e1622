-- The products of operator $operator's agreements that the reader may see ($national, or region in $scope), each
-- under the agreement it belongs to now (a product moved to another agreement goes with its usage, as products.sql),
-- with its usage by providers within the scope: calls, free-purpose calls, amount, customers, and the price it
-- actually charged (Σ paid amount ÷ Σ units of its charge basis, as products.sql).
WITH agreement AS (
  SELECT a.auth_id
  FROM "authorization" a
  WHERE a.operator_org_id = $operator AND ($national OR list_contains($scope, a.region_code))
), item AS (
  SELECT p.* FROM product p JOIN agreement a USING (auth_id)
), used AS (
  SELECT i.product_id,
         sum(u.calls) AS calls,
         sum(u.calls) FILTER (WHERE u.use_purpose IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE')) AS free_calls,
         sum(u.amount_cny) AS amount,
         count(DISTINCT u.user_org_id) AS customers,
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
SELECT i.product_id, i.product_name, i.auth_id, i.sector_code, i.product_form, i.charge_basis,
       CAST(i.cap_unit_price_cny AS DOUBLE) AS cap_unit_price_cny, CAST(i.list_unit_price_cny AS DOUBLE) AS list_unit_price_cny,
       CASE WHEN u.paid_units > 0 THEN CAST(u.paid_amount / u.paid_units AS DOUBLE) END AS effective_unit_price_cny,
       coalesce(u.calls, 0) AS calls, coalesce(u.free_calls, 0) AS free_calls,
       CAST(coalesce(u.amount, 0) AS DOUBLE) AS amount_cny, coalesce(u.customers, 0) AS customers
FROM item i LEFT JOIN used u USING (product_id)
ORDER BY coalesce(u.amount, 0) DESC, i.product_id
