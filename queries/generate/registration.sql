-- Registration events (domain-research §2.4, §7.2) of the public data resources (asset_plan) and of the data products
-- (product_plan: asset_uid = product_id, registered by the operator within 20 working days of launch, 10 % later).
-- Each event runs submitted → accepted → public notice → coded (gen_lifecycle); dates after $as_of stay NULL and the
-- status says where the event stands. 20 % of the coded assets get a follow-up 20–200 days later: a CHANGE (60 %),
-- CORRECTION (20 %) or, for resources outside any authorized scope, a CANCELLATION (20 %). A coded follow-up supersedes
-- the initial event (a coded cancellation cancels the asset); follow-ups leave first_operation_date empty, since the
-- 20-working-day filing rule concerns the initial registration. Working days are Monday–Friday (holidays ignored);
-- "n working days after d" counts the days after d up to and including the result, and a notice of 10 working days
-- counts both its first and its last day (the ingestion rules count the same way). Platform: NATIONAL for central holders and before the
-- province's platform went live, else PROVINCIAL. Parameters: $seed, $as_of, $asset_plan, $product_plan, $regions, $org.
WITH region AS (
  SELECT region_code, platform_live FROM read_parquet($regions)
), resource_event AS (
  SELECT 'REG-' || a.asset_uid || '-1' AS reg_event_id, a.asset_uid, 'PUBLIC_DATA_RESOURCE' AS object_type,
         a.registrant_org_id, a.region_code, a.city, a.sector_code, a.in_authorized_scope, a.data_name,
         a.data_name || '：由' || o.name || '持有，' || f.label_zh || '更新，约' || a.record_count::VARCHAR || '条记录。' AS content_summary,
         a.data_type,
         CASE a.data_type WHEN 'STRUCTURED_TABLE' THEN gen_pick($seed, a.asset_uid, 'format', ['DB_TABLE', 'CSV', 'XLSX', 'CSV;XLSX'])
                          WHEN 'API_INTERFACE' THEN 'JSON' WHEN 'SEMI_STRUCTURED_FILE' THEN gen_pick($seed, a.asset_uid, 'format', ['JSON', 'XML'])
                          WHEN 'UNSTRUCTURED' THEN gen_pick($seed, a.asset_uid, 'format', ['PDF', 'IMAGE', 'VIDEO'])
                          ELSE gen_pick($seed, a.asset_uid, 'format', ['SHP', 'GeoJSON']) END AS data_format,
         a.record_count,
         round(greatest(0.001, a.record_count * 1000 * exp(1.0 * gen_normal($seed, a.asset_uid, 'bytes')) / 1e9), 3) AS storage_gb,
         a.update_frequency, a.security_level, a.sharing_attribute, a.open_attribute, NULL AS product_form,
         a.auth_id, a.first_operation_date, a.submitted_at, a.quality_score, true AS may_be_refused
  FROM read_parquet($asset_plan) a
  JOIN read_parquet($org) o ON o.org_id = a.registrant_org_id
  JOIN enum_label f ON f.enum_name = 'update_frequency' AND f.code = a.update_frequency
), product_event AS (
  SELECT 'REG-' || p.product_id || '-1', p.product_id, 'DATA_PRODUCT_SERVICE', p.operator_org_id, p.region_code, NULL,
         p.sector_code, NULL, p.product_name,
         '面向“' || p.scenario_name || '”场景的' || l.label_zh || '产品，由' || o.name || '运营，'
           || c.label_zh || '。',
         CASE WHEN p.delivery_mode = 'API' THEN 'API_INTERFACE' WHEN p.product_form = 'ANALYTIC_REPORT' THEN 'UNSTRUCTURED'
              ELSE 'STRUCTURED_TABLE' END,
         CASE WHEN p.delivery_mode = 'API' THEN 'JSON' WHEN p.product_form = 'ANALYTIC_REPORT' THEN 'PDF' ELSE 'CSV' END,
         NULL::BIGINT, NULL::DOUBLE,
         CASE WHEN p.delivery_mode = 'API' THEN 'REALTIME' ELSE 'MONTHLY' END, 'GENERAL', NULL, NULL, p.product_form,
         p.auth_id, p.launched_at,
         least(DATE '2026-10-30', gen_add_workdays(p.launched_at,
           CASE WHEN gen_rand($seed, p.product_id, 'late') < 0.10 THEN 21 + floor(gen_rand($seed, p.product_id, 'late-days') * 30)::INTEGER
                ELSE floor(gen_rand($seed, p.product_id, 'late-days') * 21)::INTEGER END)),
         NULL::DOUBLE, false
  FROM read_parquet($product_plan) p
  JOIN read_parquet($org) o ON o.org_id = p.operator_org_id
  JOIN enum_label l ON l.enum_name = 'product_form' AND l.code = p.product_form
  JOIN enum_label c ON c.enum_name = 'charge_basis' AND c.code = p.charge_basis
), initial AS (
  SELECT *, 'INITIAL' AS reg_type, gen_lifecycle($seed, reg_event_id) AS life
  FROM (SELECT * FROM resource_event UNION ALL SELECT * FROM product_event)
), follow_up AS (
  SELECT * REPLACE (
           'REG-' || asset_uid || '-2' AS reg_event_id,
           CASE WHEN reg_type_2 = 'CHANGE' AND record_count IS NOT NULL
                THEN (record_count * (1 + 0.3 * gen_rand($seed, asset_uid, 'growth')))::BIGINT ELSE record_count END AS record_count,
           reg_type_2 AS reg_type,
           -- the filing deadline after first operation concerns the initial registration only
           NULL::DATE AS first_operation_date,
           gen_lifecycle($seed, 'REG-' || asset_uid || '-2') AS life,
           gen_weekday((coded_at + 20 + floor(gen_rand($seed, asset_uid, 'follow-up-day') * 180)::INTEGER)::DATE) AS submitted_at)
  FROM (SELECT i.*,
               gen_add_workdays(i.submitted_at, i.life.accept_wd + i.life.review_wd + i.life.notice_wd - 1 + i.life.coding_wd) AS coded_at,
               CASE WHEN gen_rand($seed, i.asset_uid, 'follow-up-type') < 0.6 THEN 'CHANGE'
                    WHEN gen_rand($seed, i.asset_uid, 'follow-up-type') < 0.8 OR i.object_type <> 'PUBLIC_DATA_RESOURCE'
                         OR i.in_authorized_scope THEN 'CORRECTION'
                    ELSE 'CANCELLATION' END AS reg_type_2
        FROM initial i
        WHERE i.life.outcome = 'ACCEPTED' AND gen_rand($seed, i.asset_uid, 'follow-up') < 0.20) f
  WHERE coded_at <= $as_of::DATE
), event AS (
  SELECT * FROM initial
  UNION ALL
  SELECT * EXCLUDE (coded_at, reg_type_2) FROM follow_up WHERE submitted_at <= DATE '2026-10-30'
), dated AS (
  SELECT e.*,
         -- products are never refused: every product has a registration
         CASE WHEN e.may_be_refused THEN e.life.outcome ELSE 'ACCEPTED' END AS outcome,
         gen_add_workdays(e.submitted_at, e.life.accept_wd) AS accepted_on,
         gen_add_workdays(e.submitted_at, e.life.accept_wd + e.life.review_wd) AS notice_start_on,
         -- a notice of 10 working days counts its first and its last day
         gen_add_workdays(e.submitted_at, e.life.accept_wd + e.life.review_wd + e.life.notice_wd - 1) AS notice_end_on,
         gen_add_workdays(e.submitted_at, e.life.accept_wd + e.life.review_wd + e.life.notice_wd - 1 + e.life.coding_wd) AS registered_on
  FROM event e
), staged AS (
  SELECT *,
         CASE WHEN outcome <> 'ACCEPTED' THEN outcome
              WHEN accepted_on > $as_of::DATE THEN 'SUBMITTED'
              WHEN notice_start_on > $as_of::DATE THEN 'UNDER_FORMAL_REVIEW'
              WHEN notice_end_on > $as_of::DATE THEN 'PUBLIC_NOTICE'
              WHEN registered_on > $as_of::DATE THEN CASE WHEN life.objection THEN 'OBJECTION' ELSE 'PUBLIC_NOTICE' END
              ELSE 'REGISTERED' END AS stage
  FROM dated
), settled AS (
  SELECT s.*,
         -- a coded follow-up supersedes the initial event; a coded cancellation cancels the asset
         CASE WHEN s.stage = 'REGISTERED' AND s.reg_type = 'CANCELLATION' THEN 'CANCELLED'
              WHEN s.stage = 'REGISTERED' AND s.reg_type = 'INITIAL' AND f.stage = 'REGISTERED' AND f.reg_type = 'CANCELLATION' THEN 'CANCELLED'
              WHEN s.stage = 'REGISTERED' AND s.reg_type = 'INITIAL' AND f.stage = 'REGISTERED' THEN 'SUPERSEDED'
              ELSE s.stage END AS status
  FROM staged s
  -- an asset has at most one follow-up; joining on the asset alone keeps this a hash join
  LEFT JOIN (SELECT asset_uid, reg_type, stage FROM staged WHERE reg_type <> 'INITIAL') f ON f.asset_uid = s.asset_uid
), coded AS (
  -- the unified code is given when the initial event is coded and kept by the asset's later events
  SELECT asset_uid,
         CASE WHEN object_type = 'PUBLIC_DATA_RESOURCE' THEN 'PDR-' ELSE 'PDP-' END || region_code || '-' || year(registered_on)::VARCHAR || '-'
           || gen_pad(row_number() OVER (PARTITION BY region_code, object_type, year(registered_on) ORDER BY registered_on, asset_uid), 6) AS reg_code
  FROM staged WHERE reg_type = 'INITIAL' AND stage = 'REGISTERED'
)
SELECT s.reg_event_id, s.asset_uid, CASE WHEN s.stage = 'REGISTERED' THEN c.reg_code END AS reg_code, s.object_type, s.reg_type,
       s.registrant_org_id, NULL::VARCHAR AS registrant_name,
       CASE WHEN s.region_code = '000000' OR s.submitted_at < r.platform_live THEN 'NATIONAL' ELSE 'PROVINCIAL' END AS platform_level,
       s.region_code, s.city, s.sector_code, s.in_authorized_scope, s.data_name, s.content_summary, s.data_type, s.data_format,
       s.record_count, s.storage_gb, s.update_frequency, s.security_level, s.sharing_attribute, s.open_attribute, s.product_form,
       s.auth_id, s.status, s.submitted_at,
       CASE WHEN s.outcome = 'ACCEPTED' AND s.accepted_on <= $as_of::DATE THEN s.accepted_on END AS accepted_at,
       CASE WHEN s.outcome = 'ACCEPTED' AND s.notice_start_on <= $as_of::DATE THEN s.notice_start_on END AS notice_start,
       CASE WHEN s.outcome = 'ACCEPTED' AND s.notice_end_on <= $as_of::DATE THEN s.notice_end_on END AS notice_end,
       CASE WHEN s.outcome = 'ACCEPTED' AND s.registered_on <= $as_of::DATE THEN s.registered_on END AS registered_at,
       s.first_operation_date, s.quality_score,
       'registration-platform' AS source, NULL::VARCHAR AS source_ref, NULL::JSON AS raw
FROM settled s
JOIN region r USING (region_code)
LEFT JOIN coded c USING (asset_uid)
ORDER BY s.reg_event_id
