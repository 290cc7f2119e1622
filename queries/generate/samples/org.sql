-- Sample organisations: every one the other samples name. Parameters: $org and the sample CSVs.
SELECT * FROM read_parquet($org)
WHERE org_id IN (
  SELECT unnest([granting_authority_org_id, implementing_agency_org_id, operator_org_id])
  FROM read_csv($sample_authorization, all_varchar = true)
  UNION SELECT operator_org_id FROM read_csv($sample_product, all_varchar = true)
  UNION SELECT registrant_org_id FROM read_csv($sample_registration, all_varchar = true)
  UNION SELECT user_org_id FROM read_csv($sample_usage, all_varchar = true))
ORDER BY org_id
