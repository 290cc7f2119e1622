-- Indicator facts, supply side: every version of every registered public data resource, with the dates it was the
-- current one, [valid_from, valid_to). An asset as it stood at a date is its latest registration event by then (a
-- cancellation loses to another event of the same day; the event id breaks remaining ties), so each event is current
-- until the next one in that order; an event followed by another of the same day is never current. `grants` lists the
-- asset's grants by authorizations (authorization_resource), so a query can tell whether it was granted at a date
-- without a join. Built once per data version (server/facts/facts.ts).
WITH flagged AS (
  SELECT record_key, bool_or(rule_code = 'FILING_LATE') AS filed_late, batch_id
  FROM ingest_warning WHERE table_name = 'registration' GROUP BY record_key, batch_id
),
grants AS (
  SELECT asset_uid, list({'granted_at': granted_at, 'revoked_at': revoked_at}) AS grants
  FROM authorization_resource GROUP BY asset_uid
),
events AS (
  SELECT r.asset_uid, r.reg_event_id, r.reg_type, r.region_code, r.sector_code, r.data_name, r.record_count, r.update_frequency,
         r.open_attribute, r.security_level, r.in_authorized_scope, coalesce(r.registrant_org_id, r.registrant_name) AS holder,
         r.quality_score,
         coalesce(r.registered_at, CASE WHEN r.reg_type = 'CANCELLATION' THEN coalesce(r.accepted_at, r.submitted_at) END) AS event_date,
         f.record_key IS NOT NULL AS has_warning, coalesce(f.filed_late, false) AS filed_late, g.grants
  FROM registration r
  LEFT JOIN flagged f ON f.record_key = r.reg_event_id AND f.batch_id = r.batch_id
  LEFT JOIN grants g ON g.asset_uid = r.asset_uid
  WHERE r.object_type = 'PUBLIC_DATA_RESOURCE'
    AND (r.registered_at IS NOT NULL OR r.reg_type = 'CANCELLATION')
)
SELECT asset_uid, region_code, sector_code, data_name, record_count, update_frequency, open_attribute,
       update_frequency IN ('REALTIME', 'DAILY', 'WEEKLY') AS fresh,
       open_attribute IN ('UNCONDITIONAL_OPEN', 'CONDITIONAL_OPEN') AS open,
       security_level = 'IMPORTANT' AS important,
       has_warning, filed_late, quality_score, holder, coalesce(in_authorized_scope, false) AS in_authorized_scope,
       reg_type = 'CANCELLATION' AS cancelled, coalesce(grants, []) AS grants,
       min(event_date) OVER (PARTITION BY asset_uid) AS first_registered,
       event_date AS valid_from,
       lead(event_date) OVER (PARTITION BY asset_uid ORDER BY event_date, reg_type <> 'CANCELLATION', reg_event_id) AS valid_to
FROM events
