-- Monthly usage of one product by one user for one purpose. period_month is the first day of the month.
-- Free purposes (PUBLIC_GOVERNANCE, PUBLIC_WELFARE) should carry amount_cny = 0; a non-zero amount is a warning.
CREATE TABLE IF NOT EXISTS usage (
  usage_id              VARCHAR NOT NULL,
  period_month          DATE NOT NULL,
  product_id            VARCHAR NOT NULL,
  auth_id               VARCHAR,
  provider_region_code  VARCHAR NOT NULL,
  user_org_id           VARCHAR NOT NULL,
  user_type             VARCHAR NOT NULL,
  user_region_code      VARCHAR NOT NULL,
  use_purpose           VARCHAR NOT NULL,
  calls                 BIGINT NOT NULL,
  records_delivered     BIGINT,
  data_volume_gb        DOUBLE,
  amount_cny            DECIMAL(18, 2) NOT NULL,
  success_rate          DOUBLE,
  new_user              BOOLEAN,
  batch_id              INTEGER NOT NULL
);
