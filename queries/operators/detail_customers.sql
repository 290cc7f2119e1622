-- The customers of operator $operator's products under the agreements the reader may see ($national, or region in
-- $scope), by providers within the scope, per user type: how many (all of them) and the $top largest by amount, then
-- calls, named only when every usage row of the customer lies within the reader's regions (user_region_code): others
-- are counted, never named. One row per named customer, or one row with no customer for a type with none named.
WITH agreement AS (
  SELECT a.auth_id
  FROM "authorization" a
  WHERE a.operator_org_id = $operator AND ($national OR list_contains($scope, a.region_code))
), customer AS (
  SELECT u.user_type, u.user_org_id, sum(u.calls) AS calls, sum(u.amount_cny) AS amount,
         bool_and($national OR list_contains($scope, u.user_region_code)) AS nameable
  FROM product p JOIN usage u USING (product_id)
  WHERE p.auth_id IN (SELECT auth_id FROM agreement)
    AND ($national OR list_contains($scope, u.provider_region_code))
  GROUP BY u.user_type, u.user_org_id
), by_type AS (
  SELECT user_type, count(*) AS customers, count(*) FILTER (WHERE NOT nameable) AS unnamed_customers,
         sum(calls) AS calls, sum(amount) AS amount
  FROM customer
  GROUP BY user_type
), ranked AS (
  SELECT c.*, row_number() OVER (PARTITION BY c.user_type ORDER BY c.amount DESC, c.calls DESC, c.user_org_id) AS place
  FROM customer c
  WHERE c.nameable
)
SELECT t.user_type, t.customers, t.unnamed_customers, t.calls, CAST(t.amount AS DOUBLE) AS amount_cny,
       (SELECT count(DISTINCT user_org_id) FROM customer) AS all_customers,
       r.user_org_id, o.name AS customer_name, r.calls AS customer_calls, CAST(r.amount AS DOUBLE) AS customer_amount_cny
FROM by_type t
LEFT JOIN ranked r ON r.user_type = t.user_type AND r.place <= $top
LEFT JOIN org o ON o.org_id = r.user_org_id
ORDER BY t.amount DESC, t.user_type, r.place
