-- Map every staged record onto the shape of the registration table, with what the report needs beside it.
-- Identity (source_ref) is portal + the portal's own record id, else its detail-page URL when that URL names one record
-- in this file, else a hash of the fields that identify a dataset and do not change between crawls (title, holder,
-- publication date, summary, district). Rows that repeat an earlier row exactly are marked repeat_of (merged, not
-- rejected); other problems fill reject_code (the ingestion engine's reason codes)/field/value/reason.
CREATE OR REPLACE TEMP TABLE portal_mapped AS
WITH f AS (
  SELECT line,
         arg_min(value, priority) FILTER (WHERE field = 'title') AS title,
         arg_min(value, priority) FILTER (WHERE field = 'holder') AS holder,
         arg_min(value, priority) FILTER (WHERE field = 'summary') AS summary,
         arg_min(value, priority) FILTER (WHERE field = 'district') AS district,
         arg_min(value, priority) FILTER (WHERE field = 'url') AS url,
         arg_min(value, priority) FILTER (WHERE field = 'record_id') AS record_id,
         arg_min(value, priority) FILTER (WHERE field = 'published') AS published_text,
         arg_min(value, priority) FILTER (WHERE field = 'created') AS created_text,
         arg_min(value, priority) FILTER (WHERE field = 'updated') AS updated_text,
         arg_min(value, priority) FILTER (WHERE field = 'volume') AS volume_text
  FROM portal_value
  WHERE value IS NOT NULL
  GROUP BY line
),
base AS (
  SELECT s.line, s.portal, s.raw, s.problem, s.bad_text, f.*,
         md5(concat_ws('|', f.title, f.holder, f.published_text, f.summary, f.district)) AS ident_hash,
         md5(s.raw::VARCHAR) AS content_hash,
         p.province_text, p.city_text
  FROM portal_stage AS s
  LEFT JOIN f USING (line)
  LEFT JOIN portal_place AS p USING (line)
),
url_ok AS (
  SELECT portal, url FROM base WHERE url IS NOT NULL AND problem IS NULL
  GROUP BY portal, url HAVING count(DISTINCT ident_hash) = 1
),
keyed AS (
  SELECT b.*,
         b.portal || ':' || coalesce('id:' || b.record_id, CASE WHEN u.url IS NOT NULL THEN b.url END, 'h:' || left(b.ident_hash, 20)) AS source_ref,
         coalesce(rp.province_code, rc.province_code, rc.city_province_code, rp.city_province_code) AS region_code,
         CASE WHEN rc.province_code IS NULL THEN b.city_text END AS city
  FROM base AS b
  LEFT JOIN url_ok AS u ON u.portal = b.portal AND u.url = b.url
  LEFT JOIN portal_region AS rp ON rp.text = b.province_text
  LEFT JOIN portal_region AS rc ON rc.text = b.city_text
),
ranked AS (
  SELECT k.*,
         first_value(line) OVER (PARTITION BY source_ref ORDER BY line) AS first_line,
         first_value(content_hash) OVER (PARTITION BY source_ref ORDER BY line) AS first_hash
  FROM keyed AS k
  WHERE problem IS NULL AND title IS NOT NULL AND region_code IS NOT NULL
)
SELECT
  k.line,
  k.portal,
  k.source_ref,
  'PDP-' || left(md5(k.source_ref), 24) AS reg_event_id,
  'PDA-' || left(md5(k.source_ref), 24) AS asset_uid,
  k.title AS data_name,
  k.holder AS registrant_name,
  k.summary AS content_summary,
  k.region_code,
  k.province_text,
  k.city,
  sec.code AS sector_code,
  opn.code AS open_attribute,
  frq.code AS update_frequency,
  fmt.data_format,
  portal_records(k.volume_text) AS record_count,
  portal_gb(k.volume_text) AS storage_gb,
  coalesce(portal_date(k.published_text), portal_date(k.created_text), portal_date(k.updated_text)) AS registered_at,
  k.raw,
  k.content_hash,
  -- what the report needs
  k.volume_text, k.published_text, k.created_text, k.updated_text,
  sec.unmapped_label AS sector_unmapped, sec.unmapped_field AS sector_unmapped_field, sec.had_placeholder AS sector_placeholder,
  opn.unmapped_label AS openness_unmapped, opn.unmapped_field AS openness_unmapped_field, opn.had_placeholder AS openness_placeholder,
  frq.unmapped_label AS frequency_unmapped, frq.unmapped_field AS frequency_unmapped_field, frq.had_placeholder AS frequency_placeholder,
  fmt.odd_tokens AS format_unmapped,
  CASE WHEN r.line IS NOT NULL AND r.first_line <> k.line AND r.first_hash = k.content_hash THEN r.first_line END AS repeat_of,
  CASE
    WHEN k.problem IS NOT NULL THEN 'json_malformed'
    WHEN k.title IS NULL THEN 'missing_value'
    WHEN k.region_code IS NULL THEN 'unknown_region'
    WHEN r.first_line <> k.line AND r.first_hash <> k.content_hash THEN 'duplicate_key'
  END AS reject_code,
  CASE
    WHEN k.problem IS NOT NULL THEN 'record'
    WHEN k.title IS NULL THEN 'title'
    WHEN k.region_code IS NULL THEN CASE WHEN k.city_text IS NULL THEN 'province' WHEN k.province_text IS NULL THEN 'city' ELSE 'province/city' END
    WHEN r.first_line <> k.line AND r.first_hash <> k.content_hash THEN 'source_ref'
  END AS reject_field,
  CASE
    WHEN k.problem IS NOT NULL THEN k.bad_text
    WHEN k.title IS NULL THEN NULL
    WHEN k.region_code IS NULL THEN concat_ws(' / ', k.province_text, k.city_text)
    WHEN r.first_line <> k.line AND r.first_hash <> k.content_hash THEN k.source_ref
  END AS reject_value,
  CASE
    WHEN k.problem = 'INVALID_JSON' THEN 'the line is not valid JSON'
    WHEN k.problem = 'NOT_AN_OBJECT' THEN 'a catalogue record must be a JSON object'
    WHEN k.title IS NULL THEN 'no title: none of the title fields of mappings/fields.csv (标题, 数据集名称, 资源名称, …) has a value'
    WHEN k.region_code IS NULL AND k.province_text IS NULL AND k.city_text IS NULL
      THEN 'no province or city: give the file''s province (--province) or add a province field to the records'
    WHEN k.region_code IS NULL THEN 'the province and city do not name a known region (ref_region, mappings/cities.csv)'
    WHEN r.first_line <> k.line AND r.first_hash <> k.content_hash
      THEN 'same portal identity as line ' || r.first_line || ' but different content; the first occurrence is kept'
  END AS reject_reason
FROM keyed AS k
LEFT JOIN ranked AS r USING (line)
LEFT JOIN portal_class AS sec ON sec.line = k.line AND sec.field = 'sector'
LEFT JOIN portal_class AS opn ON opn.line = k.line AND opn.field = 'openness'
LEFT JOIN portal_class AS frq ON frq.line = k.line AND frq.field = 'frequency'
LEFT JOIN portal_format AS fmt ON fmt.line = k.line
