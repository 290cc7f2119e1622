-- The spread of unit prices per product sector and charge basis, so a cap can be judged against its peers: the
-- quantiles of the products' caps and of their effective prices (Σ paid amount ÷ Σ paid units of the charge basis, as
-- prices.sql computes them), over the agreements the reader may see ($national, or region in $scope) and the filters
-- ($regions, $sectors: the product's sector, $modes). A product without a cap, or without paid use, is left out of
-- that measure.
WITH agreement AS (
  SELECT a.*
  FROM "authorization" a
  WHERE ($national OR list_contains($scope, a.region_code))
    AND (len($regions) = 0 OR list_contains($regions, a.region_code))
    AND (len($modes) = 0 OR list_contains($modes, a.auth_mode))
), free_purpose AS (
  SELECT code FROM enum_label WHERE enum_name = 'use_purpose' AND is_free
), item AS (
  SELECT p.product_id, p.sector_code, p.charge_basis, CAST(p.cap_unit_price_cny AS DOUBLE) AS cap
  FROM product p JOIN agreement a USING (auth_id)
  WHERE len($sectors) = 0 OR list_contains($sectors, p.sector_code)
), paid AS (
  SELECT i.product_id,
         sum(CAST(u.amount_cny AS DOUBLE)) AS amount,
         CASE i.charge_basis WHEN 'PER_TIME' THEN count(*) WHEN 'PER_DATA_VOLUME' THEN sum(u.data_volume_gb)
                             ELSE sum(u.calls) END AS units
  FROM item i JOIN usage u USING (product_id)
  WHERE u.use_purpose NOT IN (SELECT code FROM free_purpose) AND u.amount_cny > 0
    AND ($national OR list_contains($scope, u.provider_region_code))
  GROUP BY i.product_id, i.charge_basis
), price AS (
  SELECT i.sector_code, i.charge_basis, 'cap' AS measure, i.cap AS value FROM item i WHERE i.cap IS NOT NULL
  UNION ALL
  SELECT i.sector_code, i.charge_basis, 'effective', p.amount / p.units
  FROM item i JOIN paid p USING (product_id)
  WHERE p.units > 0
)
SELECT p.sector_code, p.charge_basis, p.measure, count(*) AS n,
       min(p.value) AS min, quantile_cont(p.value, 0.25) AS q1, median(p.value) AS median,
       quantile_cont(p.value, 0.75) AS q3, max(p.value) AS max
FROM price p LEFT JOIN ref_sector s USING (sector_code)
GROUP BY p.sector_code, p.charge_basis, p.measure
ORDER BY any_value(s.sort_order), p.sector_code, p.charge_basis, p.measure
