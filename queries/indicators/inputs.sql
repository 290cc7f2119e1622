-- Indicator inputs: one row per entity and period window, the input table of every index (docs/methodology.md).
-- $level: 'region' (entity = region_code), 'sector' (entity = sector_code) or 'cell' (entity = 'region_code:sector_code').
-- $from, $to: first days of the first and last month of the current window; $prev_from, $prev_to: the previous window
-- (both NULL for none). Filters: $regions (holder region for registrations, provider region for usage, jurisdiction for
-- authorizations), $sectors, $user_types and $purposes (usage only).
-- Shares of registered resources are NULL (unreliable, left out by the indices' skip policy) when the entity has fewer
-- than $min_base resources: 3 open resources out of 3 say little about openness.
-- Supply is a stock at the end of each window (resources registered by then and not cancelled, in the version current
-- then); demand is the flow of usage inside the window. Shares and per-capita figures are ratios of sums at every level.
-- Reads the indicator facts (queries/facts/, built once per data version): resource versions and products
-- for supply, usage by month and users by month masks for demand. server/facts/facts.ts puts them in front of this
-- query, as tables or, failing that, as sub-queries.
WITH windows AS (
  SELECT 'current' AS period_key, CAST($from AS DATE) AS w_from, CAST($to AS DATE) AS w_to, last_day(CAST($to AS DATE)) AS w_end
  UNION ALL
  SELECT 'previous', CAST($prev_from AS DATE), CAST($prev_to AS DATE), last_day(CAST($prev_to AS DATE)) WHERE $prev_from IS NOT NULL
),
window_months AS (
  -- every month of each window, with its half: growth compares the last half of the window with the half before it
  -- (6 vs 6 months in a 12-month window); usage joins this on its month, an equality join instead of a range join
  SELECT w.period_key, m.month,
         m.month > w.w_to - to_months(w.half) AS recent_half,
         m.month > w.w_to - to_months(2 * w.half) AND m.month <= w.w_to - to_months(w.half) AS earlier_half
  FROM (SELECT *, (datediff('month', w_from, w_to) + 1) // 2 AS half FROM windows) w,
       LATERAL (SELECT CAST(unnest(generate_series(w.w_from, w.w_to, INTERVAL 1 MONTH)) AS DATE) AS month) m
),
regions AS (
  SELECT region_code, pop_2020, gdp_2023_100m_cny, is_province FROM ref_region WHERE len($regions) = 0 OR list_contains($regions, region_code)
),
sectors AS (
  SELECT sector_code FROM ref_sector WHERE len($sectors) = 0 OR list_contains($sectors, sector_code)
),
frame AS (
  -- regions and cells are ranked among the 31 provinces only: the national level (000000) and XPCC (660000) are not
  -- peers of a province, so every page shows one denominator ("3rd of 31"); their records still count in sector totals
  SELECT region_code AS entity, region_code, NULL::VARCHAR AS sector_code, pop_2020 AS pop, gdp_2023_100m_cny AS gdp FROM regions WHERE $level = 'region' AND is_province
  UNION ALL
  SELECT sector_code, NULL, sector_code, (SELECT sum(pop_2020) FROM regions), (SELECT sum(gdp_2023_100m_cny) FROM regions) FROM sectors WHERE $level = 'sector'
  UNION ALL
  SELECT r.region_code || ':' || s.sector_code, r.region_code, s.sector_code, r.pop_2020, r.gdp_2023_100m_cny FROM regions r, sectors s WHERE $level = 'cell' AND r.is_province
),
authorization_warned AS (
  SELECT DISTINCT record_key, batch_id FROM ingest_warning WHERE table_name = 'authorization'
),
live AS (
  -- each resource as it stood at the end of each window (fact_asset: the version current then), granted if one of its
  -- grants had started by then and not been revoked
  SELECT period_key, region_code, sector_code, record_count, fresh, open, important, has_warning, filed_late, quality_score,
         holder, new_in_window, granted, NOT granted AND NOT in_authorized_scope AS unlockable
  FROM (
    SELECT w.period_key, a.*, a.first_registered >= w.w_from AS new_in_window,
           len(list_filter(a.grants, g -> coalesce(g.granted_at, DATE '1900-01-01') <= w.w_end AND (g.revoked_at IS NULL OR g.revoked_at > w.w_end))) > 0 AS granted
    FROM windows w
    JOIN fact_asset a ON a.valid_from <= w.w_end AND (a.valid_to IS NULL OR a.valid_to > w.w_end)
    WHERE NOT a.cancelled
      AND (len($regions) = 0 OR list_contains($regions, a.region_code))
      AND (len($sectors) = 0 OR list_contains($sectors, a.sector_code))
  )
),
supply AS (
  SELECT period_key,
         CASE $level WHEN 'region' THEN region_code WHEN 'sector' THEN sector_code ELSE region_code || ':' || sector_code END AS entity,
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
window_blocks AS (
  -- each window as a bit mask over each 64-month block of fact_usage_user it touches (two at most for a window of up to
  -- 64 months): the bits from the window's first to its last month within the block
  -- (models.sql masks its trailing window the same way, in trailing_blocks: a change to one belongs in both)
  SELECT period_key, CAST(b AS INTEGER) AS block,
         (CAST(18446744073709551615 AS UBIGINT) >> CAST(63 - (least(ti, b * 64 + 63) - b * 64) AS INTEGER))
           & ~((CAST(1 AS UBIGINT) << CAST(greatest(fi, b * 64) - b * 64 AS INTEGER)) - 1) AS months
  FROM (SELECT period_key, year(w_from) * 12 + month(w_from) - 1 AS fi, year(w_to) * 12 + month(w_to) - 1 AS ti FROM windows) w,
       LATERAL (SELECT unnest(range(fi // 64, ti // 64 + 1)) AS b)
),
usage_sums AS (
  SELECT w.period_key,
         CASE $level WHEN 'region' THEN f.region_code WHEN 'sector' THEN f.sector_code ELSE f.region_code || ':' || f.sector_code END AS entity,
         sum(f.calls) AS calls,
         sum(f.paid_amount) AS paid_amount_cny,
         sum(f.cross_region_calls) AS cross_region_calls,
         sum(f.calls) FILTER (WHERE w.recent_half) AS recent_calls,
         sum(f.calls) FILTER (WHERE w.earlier_half) AS earlier_calls
  FROM fact_usage_month f
  JOIN window_months w ON w.month = f.period_month
  WHERE (len($regions) = 0 OR list_contains($regions, f.region_code))
    AND (len($sectors) = 0 OR list_contains($sectors, f.sector_code))
    AND (len($user_types) = 0 OR list_contains($user_types, f.user_type))
    AND (len($purposes) = 0 OR list_contains($purposes, f.use_purpose))
  GROUP BY ALL
),
user_months AS (
  -- one row per user of each entity, so distinct users are plain counts
  SELECT w.period_key,
         CASE $level WHEN 'region' THEN f.region_code WHEN 'sector' THEN f.sector_code ELSE f.region_code || ':' || f.sector_code END AS entity,
         f.user_org_id,
         bool_or((f.call_months & w.months) <> 0) AS called,
         bool_or((f.paid_months & w.months) <> 0) AS paid
  FROM fact_usage_user f
  JOIN window_blocks w ON w.block = f.block
  WHERE ((f.call_months | f.paid_months) & w.months) <> 0
    AND (len($regions) = 0 OR list_contains($regions, f.region_code))
    AND (len($sectors) = 0 OR list_contains($sectors, f.sector_code))
    AND (len($user_types) = 0 OR list_contains($user_types, f.user_type))
    AND (len($purposes) = 0 OR list_contains($purposes, f.use_purpose))
  GROUP BY ALL
),
users AS (
  SELECT period_key, entity, count(*) FILTER (WHERE called) AS distinct_users, count(*) FILTER (WHERE paid) AS paying_users
  FROM user_months GROUP BY ALL
),
demand AS (
  SELECT s.*, u.distinct_users, u.paying_users
  FROM usage_sums s LEFT JOIN users u ON u.period_key = s.period_key AND u.entity = s.entity
),
auths AS (
  -- agreements past operator selection whose term overlaps the window
  SELECT w.period_key,
         CASE $level WHEN 'region' THEN a.region_code WHEN 'sector' THEN a.sector_code ELSE a.region_code || ':' || a.sector_code END AS entity,
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
  LEFT JOIN authorization_warned wa ON wa.record_key = a.auth_id AND wa.batch_id = a.batch_id
  WHERE a.status NOT IN ('PLANNING', 'SELECTING')
    AND (len($regions) = 0 OR list_contains($regions, a.region_code))
    AND (len($sectors) = 0 OR list_contains($sectors, a.sector_code))
  GROUP BY ALL
),
products AS (
  SELECT w.period_key,
         CASE $level WHEN 'region' THEN f.region_code WHEN 'sector' THEN f.sector_code ELSE f.region_code || ':' || f.sector_code END AS entity,
         count(*) AS products,
         count(*) FILTER (WHERE f.registered_from <= w.w_end) AS registered_products
  FROM fact_product f
  JOIN windows w ON f.available_from <= w.w_end
  WHERE (len($regions) = 0 OR list_contains($regions, f.region_code))
    AND (len($sectors) = 0 OR list_contains($sectors, f.sector_code))
  GROUP BY ALL
)
SELECT w.period_key, f.entity, f.region_code, f.sector_code,
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
LEFT JOIN supply s ON s.period_key = w.period_key AND s.entity = f.entity
LEFT JOIN demand d ON d.period_key = w.period_key AND d.entity = f.entity
LEFT JOIN auths a ON a.period_key = w.period_key AND a.entity = f.entity
LEFT JOIN products p ON p.period_key = w.period_key AND p.entity = f.entity
ORDER BY w.period_key, entity
