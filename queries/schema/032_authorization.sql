-- One authorized-operation agreement (授权运营协议). sector_code is NULL only for OVERALL authorizations.
-- is_replicated_from names the auth_id of a model this agreement copies.
CREATE TABLE IF NOT EXISTS "authorization" (
  auth_id                      VARCHAR NOT NULL,
  auth_mode                    VARCHAR NOT NULL,
  granting_authority_org_id    VARCHAR NOT NULL,
  implementing_agency_org_id   VARCHAR,
  operator_org_id              VARCHAR NOT NULL,
  region_code                  VARCHAR NOT NULL,
  sector_code                  VARCHAR,
  scenario_name                VARCHAR,
  selection_method             VARCHAR,
  agreement_signed_at          DATE,
  term_start                   DATE NOT NULL,
  term_end                     DATE NOT NULL,
  max_allowed_revenue_cny      DECIMAL(18, 2),
  tariff_status                VARCHAR,
  revenue_reported_cny         DECIMAL(18, 2),
  status                       VARCHAR NOT NULL,
  is_replicated_from           VARCHAR,
  batch_id                     INTEGER NOT NULL
);
