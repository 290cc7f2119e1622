-- The product table: the product plan without its planning columns. Parameters: $product_plan.
SELECT product_id, product_name, auth_id, operator_org_id, sector_code, scenario_name, product_form, delivery_mode,
       charge_basis, cap_unit_price_cny, list_unit_price_cny, launched_at
FROM read_parquet($product_plan)
ORDER BY product_id
