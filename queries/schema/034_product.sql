-- A registered data product or service made under an authorization. scenario_name names the application scenario
-- when it is narrower than the authorization's own (DOMAIN and OVERALL authorizations host several scenarios).
CREATE TABLE IF NOT EXISTS product (
  product_id           VARCHAR NOT NULL,
  product_name         VARCHAR,
  auth_id              VARCHAR NOT NULL,
  operator_org_id      VARCHAR NOT NULL,
  sector_code          VARCHAR NOT NULL,
  scenario_name        VARCHAR,
  product_form         VARCHAR NOT NULL,
  delivery_mode        VARCHAR,
  charge_basis         VARCHAR NOT NULL,
  cap_unit_price_cny   DECIMAL(18, 2),
  list_unit_price_cny  DECIMAL(18, 2),
  launched_at          DATE,
  batch_id             INTEGER NOT NULL
);
