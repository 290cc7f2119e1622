-- Accepted records whose portal identity is already registered, and whether anything about them changed
-- (every registration column but batch_id).
CREATE OR REPLACE TEMP TABLE portal_known AS
SELECT a.line, a.reg_event_id,
       row(a.reg_event_id, a.asset_uid, a.reg_code, a.object_type, a.reg_type, a.registrant_org_id, a.registrant_name, a.platform_level, a.region_code, a.city, a.sector_code, a.in_authorized_scope, a.data_name, a.content_summary, a.data_type, a.data_format, a.record_count, a.storage_gb, a.update_frequency, a.security_level, a.sharing_attribute, a.open_attribute, a.product_form, a.auth_id, a.status, a.submitted_at, a.accepted_at, a.notice_start, a.notice_end, a.registered_at, a.first_operation_date, a.quality_score, a.source, a.source_ref, a.raw) IS NOT DISTINCT FROM
       row(t.reg_event_id, t.asset_uid, t.reg_code, t.object_type, t.reg_type, t.registrant_org_id, t.registrant_name, t.platform_level, t.region_code, t.city, t.sector_code, t.in_authorized_scope, t.data_name, t.content_summary, t.data_type, t.data_format, t.record_count, t.storage_gb, t.update_frequency, t.security_level, t.sharing_attribute, t.open_attribute, t.product_form, t.auth_id, t.status, t.submitted_at, t.accepted_at, t.notice_start, t.notice_end, t.registered_at, t.first_operation_date, t.quality_score, t.source, t.source_ref, t.raw) AS same
FROM portal_accepted AS a
JOIN registration AS t ON t.reg_event_id = a.reg_event_id
