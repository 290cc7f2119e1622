-- The records behind one row of the oversight worklist (queries/operators/findings.sql): for a product's rule the
-- product's usage rows that the rule read (free-purpose rows charged an amount; else its paid rows), for an
-- agreement's rule the usage rows of its products in the period the rule read (the year $year for the revenue; the 12
-- months up to $last_month for a trial tariff or an ending term). Only records the reader may see ($national, or the
-- agreement's and the provider's region in $scope); at most $limit rows, the newest and largest first.
WITH agreement AS (
  SELECT a.auth_id
  FROM "authorization" a
  WHERE a.auth_id = $auth_id AND ($national OR list_contains($scope, a.region_code))
), free_purpose AS (
  SELECT code FROM enum_label WHERE enum_name = 'use_purpose' AND is_free
), as_of AS (
  SELECT CAST($last_month || '-01' AS DATE) AS last_month
)
SELECT u.usage_id, strftime(u.period_month, '%Y-%m') AS period_month, u.product_id, p.product_name, p.charge_basis,
       u.user_org_id, o.name AS user_name, u.user_type, u.use_purpose, u.calls, u.data_volume_gb,
       CAST(u.amount_cny AS DOUBLE) AS amount_cny,
       CASE WHEN p.charge_basis IN ('PER_CALL', 'PER_PRODUCT') AND u.calls > 0 THEN CAST(u.amount_cny AS DOUBLE) / u.calls
            WHEN p.charge_basis = 'PER_DATA_VOLUME' AND u.data_volume_gb > 0 THEN CAST(u.amount_cny AS DOUBLE) / u.data_volume_gb
            WHEN p.charge_basis = 'PER_TIME' THEN CAST(u.amount_cny AS DOUBLE) END AS unit_price_cny,
       CAST(p.cap_unit_price_cny AS DOUBLE) AS cap_unit_price_cny
FROM usage u
JOIN product p ON p.product_id = u.product_id
LEFT JOIN org o ON o.org_id = u.user_org_id
WHERE p.auth_id IN (SELECT auth_id FROM agreement)
  AND ($national OR list_contains($scope, u.provider_region_code))
  AND ($product_id IS NULL OR u.product_id = $product_id)
  AND CASE
        WHEN $rule = 'FREE_PURPOSE_CHARGED' THEN u.use_purpose IN (SELECT code FROM free_purpose) AND u.amount_cny <> 0
        WHEN $rule IN ('PRICE_ABOVE_CAP', 'EFFECTIVE_PRICE_ABOVE_CAP', 'NO_CAP')
          THEN u.use_purpose NOT IN (SELECT code FROM free_purpose) AND u.amount_cny > 0
        WHEN $rule = 'REVENUE_ABOVE_MAX' THEN year(u.period_month) = $year
        WHEN $rule IN ('TRIAL_PAST_FIRST_YEAR', 'TERM_ENDING')
          THEN u.period_month > (SELECT last_month FROM as_of) - INTERVAL 12 MONTH
        ELSE false
      END
ORDER BY u.period_month DESC, u.amount_cny DESC, u.usage_id
LIMIT $limit
