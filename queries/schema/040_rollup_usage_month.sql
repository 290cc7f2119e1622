-- Usage summed by month × provider region × sector × user type × purpose × cross-region flag.
-- Kept current by ingestion inside the batch's transaction; the dashboard reads this instead of usage.
-- Sums only: distinct users are not additive and are counted from usage itself.
CREATE TABLE IF NOT EXISTS rollup_usage_month (
  period_month          DATE NOT NULL,
  provider_region_code  VARCHAR NOT NULL,
  sector_code           VARCHAR NOT NULL,
  user_type             VARCHAR NOT NULL,
  use_purpose           VARCHAR NOT NULL,
  cross_region          BOOLEAN NOT NULL,
  usage_rows            BIGINT NOT NULL,
  calls                 BIGINT NOT NULL,
  records_delivered     BIGINT NOT NULL,
  data_volume_gb        DOUBLE NOT NULL,
  amount_cny            DECIMAL(18, 2) NOT NULL,
  paid_amount_cny       DECIMAL(18, 2) NOT NULL,
  new_users             BIGINT NOT NULL
);
