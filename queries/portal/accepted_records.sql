-- The records of this import that go into the registration table: not rejected, not an exact repeat of an earlier
-- line, in registration's columns (portal records are resources registered by publication: INITIAL, REGISTERED).
CREATE OR REPLACE TEMP TABLE portal_accepted AS
SELECT line, reg_event_id, asset_uid, NULL::VARCHAR AS reg_code, 'PUBLIC_DATA_RESOURCE' AS object_type, 'INITIAL' AS reg_type,
       NULL::VARCHAR AS registrant_org_id, registrant_name, NULL::VARCHAR AS platform_level, region_code, city, sector_code,
       NULL::BOOLEAN AS in_authorized_scope, data_name, content_summary, NULL::VARCHAR AS data_type, data_format,
       record_count, storage_gb, update_frequency, NULL::VARCHAR AS security_level, NULL::VARCHAR AS sharing_attribute,
       open_attribute, NULL::VARCHAR AS product_form, NULL::VARCHAR AS auth_id, 'REGISTERED' AS status,
       NULL::DATE AS submitted_at, NULL::DATE AS accepted_at, NULL::DATE AS notice_start, NULL::DATE AS notice_end,
       registered_at, NULL::DATE AS first_operation_date, NULL::DOUBLE AS quality_score, 'open-data-portal' AS source,
       source_ref, raw
FROM portal_mapped
WHERE reject_code IS NULL AND repeat_of IS NULL
