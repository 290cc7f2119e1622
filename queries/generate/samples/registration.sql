-- Sample registration events: those of the sample products and granted resources, and three Zhejiang finance resources
-- outside any authorized scope. Parameters: $registration, $sample_product, $sample_authorization_resource.
SELECT * FROM read_parquet($registration)
WHERE asset_uid IN (SELECT product_id FROM read_csv($sample_product, all_varchar = true))
   OR asset_uid IN (SELECT asset_uid FROM read_csv($sample_authorization_resource, all_varchar = true))
   OR asset_uid IN (SELECT asset_uid FROM read_parquet($registration)
                    WHERE region_code = '330000' AND sector_code = 'DEX05' AND NOT in_authorized_scope
                    ORDER BY asset_uid LIMIT 3)
ORDER BY reg_event_id
