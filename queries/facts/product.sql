-- Indicator facts, products: each product with its sector, the region of its authorization, the date it became
-- available (launch, else the start of the authorization's term) and the date it was first registered as a data
-- product or service. Built once per data version (server/facts/facts.ts).
SELECT p.product_id, p.sector_code, a.region_code, coalesce(p.launched_at, a.term_start) AS available_from,
       r.registered_from
FROM product p
JOIN "authorization" a ON a.auth_id = p.auth_id
LEFT JOIN (
  SELECT asset_uid, min(registered_at) AS registered_from
  FROM registration WHERE object_type = 'DATA_PRODUCT_SERVICE' GROUP BY asset_uid
) r ON r.asset_uid = p.product_id
