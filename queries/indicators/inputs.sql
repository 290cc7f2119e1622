-- Indicator inputs: one row per entity and period window, the input table of every index (docs/methodology.md).
-- $level: 'region' (entity = region_code), 'sector' (entity = sector_code) or 'cell' (entity = 'region_code:sector_code').
-- $from, $to: first days of the first and last month of the current window; $prev_from, $prev_to: the previous window
-- (both NULL for none). Filters: $regions (holder region for registrations, provider region for usage, jurisdiction for
-- authorizations), $sectors, $user_types and $purposes (usage only).
-- Shares of registered resources are NULL (unreliable, left out by the indices' skip policy) when the entity has fewer
-- than $min_base resources: 3 open resources out of 3 say little about openness.
-- Supply is a stock at the end of each window (resources registered by then and not cancelled, in the version current
-- then); demand is the flow of usage inside the window. Shares and per-capita figures are ratios of sums at every level.
WITH windows AS (
  SELECT 'current' AS period_key, CAST($from AS DATE) AS w_from, CAST($to AS DATE) AS w_to, last_day(CAST($to AS DATE)) AS w_end
  UNION ALL
  SELECT 'previous', CAST($prev_from AS DATE), CAST($prev_to AS DATE), last_day(CAST($prev_to AS DATE)) WHERE $prev_from IS NOT NULL
),
windows_h AS (
  -- growth compares the last half of the window with the half before it (6 vs 6 months in a 12-month window)
  SELECT *, (datediff('month', w_from, w_to) + 1) // 2 AS half FROM windows
),
regions AS (
  SELECT region_code, pop_2020, gdp_2023_100m_cny FROM ref_region WHERE len($regions) = 0 OR list_contains($regions, region_code)
),
sectors AS (
  SELECT sector_code FROM ref_sector WHERE len($sectors) = 0 OR list_contains($sectors, sector_code)
),
frame AS (
  SELECT region_code, NULL::VARCHAR AS sector_code, pop_2020 AS pop, gdp_2023_100m_cny AS gdp FROM regions WHERE $level = 'region'
  UNION ALL
  SELECT NULL, sector_code, (SELECT sum(pop_2020) FROM regions), (SELECT sum(gdp_2023_100m_cny) FROM regions) FROM sectors WHERE $level = 'sector'
  UNION ALL
  SELECT r.region_code, s.sector_code, r.pop_2020, r.gdp_2023_100m_cny FROM regions r, sectors s WHERE $level = 'cell'
),
warned AS (
  SELECT DISTINCT table_name, record_key, batch_id FROM ingest_warning
),
res_events AS (
  SELECT r.asset_uid, r.reg_event_id, r.reg_type, r.region_code, r.sector_code, r.record_count, r.update_frequency,
         r.open_attribute, r.security_level, r.in_authorized_scope, coalesce(r.registrant_org_id, r.registrant_name) AS holder,
         r.quality_score,
         coalesce(r.registered_at, CASE WHEN r.reg_type = 'CANCELLATION' THEN coalesce(r.accepted_at, r.submitted_at) END) AS event_date,
         w.record_key IS NOT NULL AS has_warning,
         EXISTS (SELECT 1 FROM ingest_warning x WHERE x.table_name = 'registration' AND x.record_key = r.reg_event_id
                 AND x.batch_id = r.batch_id AND x.rule_code = 'FILING_LATE') AS filed_late
  FROM registration r
  LEFT JOIN warned w ON w.table_name = 'registration' AND w.record_key = r.reg_event_id AND w.batch_id = r.batch_id
  WHERE r.object_type = 'PUBLIC_DATA_RESOURCE'
    AND (r.registered_at IS NOT NULL OR r.reg_type = 'CANCELLATION')
    AND (len($regions) = 0 OR list_contains($regions, r.region_code))
    AND (len($sectors) = 0 OR list_contains($sectors, r.sector_code))
),
latest AS (
  -- each asset as it stood at the end of each window: its latest registration event by then
  SELECT w.period_key, w.w_from, w.w_end, e.asset_uid, min(e.event_date) AS first_registered,
         max_by(e.reg_event_id, (e.event_date, e.reg_type <> 'CANCELLATION', e.reg_event_id)) AS cur_event
  FROM windows w JOIN res_events e ON e.event_date <= w.w_end
  GROUP BY ALL
),
asset_state AS (
  SELECT l.*, e AS cur FROM latest l JOIN res_events e ON e.reg_event_id = l.cur_event
),
grants AS (
  SELECT w.period_key, g.asset_uid
  FROM windows w JOIN authorization_resource g ON coalesce(g.granted_at, DATE '1900-01-01') <= w.w_end AND (g.revoked_at IS NULL OR g.revoked_at > w.w_end)
  GROUP BY ALL
),
live AS (
  SELECT a.period_key, a.cur.region_code AS region_code, a.cur.sector_code AS sector_code, a.cur.record_count AS record_count,
         a.cur.update_frequency IN ('REALTIME', 'DAILY', 'WEEKLY') AS fresh,
         a.cur.open_attribute IN ('UNCONDITIONAL_OPEN', 'CONDITIONAL_OPEN') AS open,
         a.cur.security_level = 'IMPORTANT' AS important, a.cur.has_warning AS has_warning, a.cur.filed_late AS filed_late,
         a.cur.quality_score AS quality_score, a.cur.holder AS holder, a.first_registered >= a.w_from AS new_in_window,
         g.asset_uid IS NOT NULL AS granted,
         g.asset_uid IS NULL AND coalesce(a.cur.in_authorized_scope, false) = false AS unlockable
  FROM asset_state a LEFT JOIN grants g ON g.period_key = a.period_key AND g.asset_uid = a.asset_uid
  WHERE a.cur.reg_type <> 'CANCELLATION'
),
supply AS (
  SELECT period_key,
         CASE WHEN $level <> 'sector' THEN region_code END AS region_code,
         CASE WHEN $level <> 'region' THEN sector_code END AS sector_code,
         count(*) AS registered_resources,
         sum(coalesce(record_count, 0)) AS total_records,
         count(*) FILTER (WHERE fresh) AS fresh_resources,
         count(*) FILTER (WHERE open) AS open_resources,
         count(*) FILTER (WHERE important) AS important_resources,
         count(*) FILTER (WHERE NOT has_warning) AS compliant_resources,
         count(*) FILTER (WHERE filed_late) AS late_filed_resources,
         count(*) FILTER (WHERE granted) AS authorized_resources,
         count(*) FILTER (WHERE unlockable) AS unlockable_resources,
         count(*) FILTER (WHERE new_in_window) AS new_resources,
         count(DISTINCT holder) AS holders,
         sum(quality_score) AS quality_sum, count(quality_score) AS quality_n
  FROM live GROUP BY ALL
),
use_rows AS (
  SELECT w.period_key, u.provider_region_code AS region_code, p.sector_code, u.user_org_id, u.calls,
         CASE WHEN u.use_purpose IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE') THEN 0 ELSE u.amount_cny END AS paid_amount,
         u.user_region_code <> u.provider_region_code AS cross_region,
         u.period_month > w.w_to - to_months(w.half) AS recent_half,
         u.period_month > w.w_to - to_months(2 * w.half) AND u.period_month <= w.w_to - to_months(w.half) AS earlier_half
  FROM usage u
  JOIN product p ON p.product_id = u.product_id
  JOIN windows_h w ON u.period_month BETWEEN w.w_from AND w.w_to
  -- the same bounds as constants, so the scan skips row groups outside both windows
  WHERE u.period_month BETWEEN CAST(coalesce($prev_from, $from) AS DATE) AND CAST($to AS DATE)
    AND (len($regions) = 0 OR list_contains($regions, u.provider_region_code))
    AND (len($sectors) = 0 OR list_contains($sectors, p.sector_code))
    AND (len($user_types) = 0 OR list_contains($user_types, u.user_type))
    AND (len($purposes) = 0 OR list_contains($purposes, u.use_purpose))
),
user_demand AS (
  -- one row per user of each entity first, so distinct users are plain counts (cheaper than DISTINCT aggregates)
  SELECT period_key,
         CASE WHEN $level <> 'sector' THEN region_code END AS region_code,
         CASE WHEN $level <> 'region' THEN sector_code END AS sector_code,
         user_org_id,
         sum(calls) AS calls,
         sum(paid_amount) AS paid_amount,
         sum(calls) FILTER (WHERE cross_region) AS cross_region_calls,
         sum(calls) FILTER (WHERE recent_half) AS recent_calls,
         sum(calls) FILTER (WHERE earlier_half) AS earlier_calls
  FROM use_rows GROUP BY ALL
),
demand AS (
  SELECT period_key, region_code, sector_code,
         sum(calls) AS calls,
         sum(paid_amount) AS paid_amount_cny,
         count(*) FILTER (WHERE calls > 0) AS distinct_users,
         count(*) FILTER (WHERE paid_amount > 0) AS paying_users,
         sum(cross_region_calls) AS cross_region_calls,
         sum(recent_calls) AS recent_calls,
         sum(earlier_calls) AS earlier_calls
  FROM user_demand GROUP BY ALL
),
auths AS (
  -- agreements past operator selection whose term overlaps the window
  SELECT w.period_key,
         CASE WHEN $level <> 'sector' THEN a.region_code END AS region_code,
         CASE WHEN $level <> 'region' THEN a.sector_code END AS sector_code,
         count(*) AS active_authorizations,
         count(*) FILTER (WHERE a.tariff_status = 'FORMAL') AS formal_tariff_authorizations,
         count(*) FILTER (WHERE a.selection_method IN ('PUBLIC_TENDER', 'INVITED_TENDER', 'COMPETITIVE_NEGOTIATION')) AS competitive_authorizations,
         count(*) FILTER (WHERE a.selection_method IS NOT NULL) AS selection_known,
         count(*) FILTER (WHERE a.revenue_reported_cny <= a.max_allowed_revenue_cny) AS within_cap_authorizations,
         count(*) FILTER (WHERE a.revenue_reported_cny IS NOT NULL AND a.max_allowed_revenue_cny IS NOT NULL) AS cap_known,
         count(*) FILTER (WHERE wa.record_key IS NULL) AS compliant_authorizations,
         count(DISTINCT a.operator_org_id) AS operators
  FROM "authorization" a
  JOIN windows w ON a.term_start <= w.w_end AND a.term_end >= w.w_from
  LEFT JOIN warned wa ON wa.table_name = 'authorization' AND wa.record_key = a.auth_id AND wa.batch_id = a.batch_id
  WHERE a.status NOT IN ('PLANNING', 'SELECTING')
    AND (len($regions) = 0 OR list_contains($regions, a.region_code))
    AND (len($sectors) = 0 OR list_contains($sectors, a.sector_code))
  GROUP BY ALL
),
products AS (
  SELECT w.period_key,
         CASE WHEN $level <> 'sector' THEN a.region_code END AS region_code,
         CASE WHEN $level <> 'region' THEN p.sector_code END AS sector_code,
         count(*) AS products,
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM registration r WHERE r.asset_uid = p.product_id
           AND r.object_type = 'DATA_PRODUCT_SERVICE' AND r.registered_at <= w.w_end)) AS registered_products
  FROM product p
  JOIN "authorization" a ON a.auth_id = p.auth_id
  JOIN windows w ON coalesce(p.launched_at, a.term_start) <= w.w_end
  WHERE (len($regions) = 0 OR list_contains($regions, a.region_code))
    AND (len($sectors) = 0 OR list_contains($sectors, p.sector_code))
  GROUP BY ALL
)
SELECT w.period_key,
       CASE $level WHEN 'region' THEN f.region_code WHEN 'sector' THEN f.sector_code ELSE f.region_code || ':' || f.sector_code END AS entity,
       f.region_code, f.sector_code,
       -- supply
       coalesce(s.registered_resources, 0) AS registered_resources,
       coalesce(s.total_records, 0) AS total_records,
       s.fresh_resources / CASE WHEN s.registered_resources >= $min_base THEN s.registered_resources END AS fresh_share,
       s.open_resources / CASE WHEN s.registered_resources >= $min_base THEN s.registered_resources END AS open_share,
       s.important_resources / CASE WHEN s.registered_resources >= $min_base THEN s.registered_resources END AS important_share,
       s.compliant_resources / CASE WHEN s.registered_resources >= $min_base THEN s.registered_resources END AS compliant_share,
       s.late_filed_resources / CASE WHEN s.registered_resources >= $min_base THEN s.registered_resources END AS late_filing_share,
       s.quality_sum / CASE WHEN s.quality_n >= $min_base THEN s.quality_n END AS mean_quality,
       coalesce(s.holders, 0) AS holders,
       coalesce(s.new_resources, 0) AS new_resources,
       coalesce(s.unlockable_resources, 0) AS unlockable_resources,
       s.unlockable_resources / CASE WHEN s.registered_resources >= $min_base THEN s.registered_resources END AS unlockable_share,
       s.authorized_resources / CASE WHEN s.registered_resources >= $min_base THEN s.registered_resources END AS authorized_share,
       coalesce(s.registered_resources, 0) / nullif(f.pop, 0) * 1e7 AS resources_per_10m_pop,
       coalesce(s.registered_resources, 0) / nullif(f.gdp, 0) * 1e4 AS resources_per_1tn_gdp,
       -- demand
       coalesce(d.calls, 0) AS calls,
       coalesce(d.paid_amount_cny, 0) AS paid_amount_cny,
       coalesce(d.distinct_users, 0) AS distinct_users,
       coalesce(d.paying_users, 0) AS paying_users,
       coalesce(d.cross_region_calls, 0) AS cross_region_calls,
       d.cross_region_calls / nullif(d.calls, 0) AS cross_region_share,
       d.recent_calls / nullif(d.earlier_calls, 0) - 1 AS demand_growth,
       coalesce(d.calls, 0) / nullif(f.pop, 0) * 1e3 AS calls_per_1k_pop,
       coalesce(d.paid_amount_cny, 0) / nullif(f.gdp, 0) AS paid_amount_per_100m_gdp,
       -- authorizations (demand and readiness)
       coalesce(a.active_authorizations, 0) AS active_authorizations,
       coalesce(a.operators, 0) AS operators,
       a.formal_tariff_authorizations / nullif(a.active_authorizations, 0) AS formal_tariff_share,
       a.competitive_authorizations / nullif(a.selection_known, 0) AS competitive_selection_share,
       a.within_cap_authorizations / nullif(a.cap_known, 0) AS revenue_within_cap_share,
       a.compliant_authorizations / nullif(a.active_authorizations, 0) AS authorization_compliant_share,
       coalesce(p.products, 0) AS products,
       p.registered_products / nullif(p.products, 0) AS registered_product_share,
       f.pop AS population, f.gdp AS gdp_100m_cny
FROM frame f
CROSS JOIN windows w
LEFT JOIN supply s ON s.period_key = w.period_key AND s.region_code IS NOT DISTINCT FROM f.region_code AND s.sector_code IS NOT DISTINCT FROM f.sector_code
LEFT JOIN demand d ON d.period_key = w.period_key AND d.region_code IS NOT DISTINCT FROM f.region_code AND d.sector_code IS NOT DISTINCT FROM f.sector_code
LEFT JOIN auths a ON a.period_key = w.period_key AND a.region_code IS NOT DISTINCT FROM f.region_code AND a.sector_code IS NOT DISTINCT FROM f.sector_code
LEFT JOIN products p ON p.period_key = w.period_key AND p.region_code IS NOT DISTINCT FROM f.region_code AND p.sector_code IS NOT DISTINCT FROM f.sector_code
ORDER BY w.period_key, entity
