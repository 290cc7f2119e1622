-- Prices against their caps per product, or summed per operator or region ($level) and charge basis, over the
-- agreements the reader may see ($national, or region in $scope) and the filters ($regions: the agreement's region;
-- $sectors: the agreement's or one of its products' sector; $modes), with usage by provider region within the scope.
-- Paid use is a purpose that is not free (enum_label.is_free) with an amount above zero; its units are those of the
-- product's charge basis (calls or delivered products, GB, customer-months). Unit prices of an aggregate are weighted
-- by paid units, and every ratio is a ratio of sums.
WITH agreement AS (
  SELECT a.*
  FROM "authorization" a
  WHERE ($national OR list_contains($scope, a.region_code))
    AND (len($regions) = 0 OR list_contains($regions, a.region_code))
    AND (len($modes) = 0 OR list_contains($modes, a.auth_mode))
    AND (len($sectors) = 0 OR list_contains($sectors, a.sector_code)
         OR EXISTS (SELECT 1 FROM product p WHERE p.auth_id = a.auth_id AND list_contains($sectors, p.sector_code)))
), free_purpose AS (
  SELECT code FROM enum_label WHERE enum_name = 'use_purpose' AND is_free
), item AS (
  SELECT p.product_id, p.product_name, p.operator_org_id, p.sector_code, p.charge_basis, a.region_code,
         CAST(p.cap_unit_price_cny AS DOUBLE) AS cap, CAST(p.list_unit_price_cny AS DOUBLE) AS list
  FROM product p JOIN agreement a USING (auth_id)
), used AS (
  SELECT u.product_id, u.calls, u.data_volume_gb, CAST(u.amount_cny AS DOUBLE) AS amount,
         u.use_purpose IN (SELECT code FROM free_purpose) AS is_free
  FROM usage u
  WHERE u.product_id IN (SELECT product_id FROM item)
    AND ($national OR list_contains($scope, u.provider_region_code))
), per_product AS (
  SELECT i.product_id,
         sum(u.calls) AS calls,
         sum(u.calls) FILTER (WHERE u.is_free) AS free_calls,
         sum(u.amount) FILTER (WHERE NOT u.is_free AND u.amount > 0) AS paid_amount,
         CASE i.charge_basis
           WHEN 'PER_TIME' THEN count(*) FILTER (WHERE NOT u.is_free AND u.amount > 0)
           WHEN 'PER_DATA_VOLUME' THEN sum(u.data_volume_gb) FILTER (WHERE NOT u.is_free AND u.amount > 0)
           ELSE sum(u.calls) FILTER (WHERE NOT u.is_free AND u.amount > 0)
         END AS paid_units,
         sum(u.amount) FILTER (WHERE u.is_free AND u.amount <> 0) AS free_amount,
         count(*) FILTER (WHERE u.is_free AND u.amount <> 0) AS free_rows
  FROM item i JOIN used u USING (product_id)
  GROUP BY i.product_id, i.charge_basis
), fact AS (
  SELECT i.*, coalesce(pp.calls, 0) AS calls, coalesce(pp.free_calls, 0) AS free_calls,
         coalesce(pp.paid_amount, 0) AS paid_amount, coalesce(CAST(pp.paid_units AS DOUBLE), 0) AS paid_units,
         coalesce(pp.free_amount, 0) AS free_amount, coalesce(pp.free_rows, 0) AS free_rows
  FROM item i LEFT JOIN per_product pp USING (product_id)
), keyed AS (
  SELECT CASE WHEN $level = 'operator' THEN NULL ELSE region_code END AS k_region,
         CASE WHEN $level = 'region' THEN NULL ELSE operator_org_id END AS k_operator,
         CASE WHEN $level = 'product' THEN product_id END AS k_product,
         *
  FROM fact
)
SELECT k.k_region AS region_code, k.k_operator AS operator_org_id, any_value(o.name) AS operator_name,
       k.k_product AS product_id, CASE WHEN $level = 'product' THEN any_value(k.product_name) END AS product_name,
       CASE WHEN $level = 'product' THEN any_value(k.sector_code) END AS sector_code,
       k.charge_basis,
       count(*) AS products,
       count(*) FILTER (WHERE list > cap) AS products_above_cap,
       count(*) FILTER (WHERE cap IS NULL) AS products_without_cap,
       CASE WHEN $level = 'product' THEN any_value(cap)
            ELSE sum(cap * paid_units) FILTER (WHERE cap IS NOT NULL) / nullif(sum(paid_units) FILTER (WHERE cap IS NOT NULL), 0) END AS cap_unit_price_cny,
       CASE WHEN $level = 'product' THEN any_value(list)
            ELSE sum(list * paid_units) FILTER (WHERE list IS NOT NULL) / nullif(sum(paid_units) FILTER (WHERE list IS NOT NULL), 0) END AS list_unit_price_cny,
       sum(paid_amount) / nullif(sum(paid_units), 0) AS effective_unit_price_cny,
       sum(paid_amount) FILTER (WHERE cap IS NOT NULL) / nullif(sum(cap * paid_units) FILTER (WHERE cap IS NOT NULL), 0) AS effective_to_cap,
       round(sum(paid_amount), 2) AS paid_amount_cny,
       sum(paid_units) AS paid_units,
       sum(calls) AS calls,
       sum(free_calls) AS free_calls,
       round(sum(free_amount), 2) AS free_purpose_amount_cny,
       sum(free_rows) AS free_purpose_rows
FROM keyed k LEFT JOIN org o ON o.org_id = k.k_operator
GROUP BY k.k_region, k.k_operator, k.k_product, k.charge_basis
ORDER BY region_code NULLS FIRST, operator_org_id NULLS FIRST, product_id NULLS FIRST, charge_basis
