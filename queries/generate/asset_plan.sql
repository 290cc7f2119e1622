-- Public data resources (one row per registered resource, before its registration events are made).
-- Each cell gets n_resources resources held by its data holders (the first, provincial, holders hold the most).
-- A resource is inside an authorized scope with the cell's in_scope_share (70 %, 30 % in the planted breakthrough
-- cells, 85 % in replicable-model cells) when the cell or its region has an agreement that started by 2026-08-15; it is
-- then granted to one of them a few weeks after the term starts, operated from 0–9 working days later, and submitted for
-- registration within 20 working days of that first operation (10 % later: 21–60 working days). Resources outside any
-- scope are registered voluntarily, on a ramp from the 2025-03 launch with a March peak.
-- Parameters: $seed, $as_of, $cells, $auth_plan.
WITH cell AS (
  SELECT * FROM read_parquet($cells) WHERE n_resources > 0
), auth AS (
  SELECT * FROM read_parquet($auth_plan)
  WHERE status NOT IN ('PLANNING', 'SELECTING') AND term_start <= DATE '2026-08-15'
), cell_auths AS (
  SELECT c.region_code, c.sector_code, list(a.auth_id ORDER BY a.auth_id) AS auth_ids
  FROM cell c JOIN auth a ON a.region_code = c.region_code AND (a.sector_code = c.sector_code OR a.auth_mode = 'OVERALL')
  GROUP BY ALL
), submit_month AS (
  SELECT m, (sum(w) OVER (ORDER BY m) - w) / sum(w) OVER () AS cum_lo, sum(w) OVER (ORDER BY m) / sum(w) OVER () AS cum_hi
  FROM (SELECT (DATE '2025-03-01' + INTERVAL (i) MONTH)::DATE AS m,
               (1 + 0.1 * i) * CASE WHEN month(DATE '2025-03-01' + INTERVAL (i) MONTH) IN (3, 4) THEN 2.0 ELSE 1 END AS w
        FROM range(20) t(i))
), resource AS (
  SELECT c.region_code, c.sector_code, c.region_name_zh, c.cities, c.topics, c.n_holders, c.platform_live,
         'RS-' || c.region_code || '-' || c.sector_code || '-' || gen_pad(ks.k, 5) AS asset_uid,
         ca.auth_ids,
         ca.auth_ids IS NOT NULL AND gen_rand($seed, 'RS-' || c.region_code || '-' || c.sector_code || '-' || ks.k, 'scope') < c.in_scope_share AS in_scope,
         gen_pick($seed, 'RS-' || c.region_code || '-' || c.sector_code || '-' || ks.k, 'auth', ca.auth_ids) AS picked_auth_id
  FROM cell c
  LEFT JOIN cell_auths ca USING (region_code, sector_code)
  CROSS JOIN LATERAL (SELECT unnest(range(0, c.n_resources)) AS k) ks
), granted AS (
  SELECT r.*, a.auth_id, a.status AS auth_status, a.service_end,
         CASE WHEN r.in_scope THEN gen_weekday((a.term_start + floor(gen_rand($seed, r.asset_uid, 'grant') * 45)::INTEGER)::DATE) END AS granted_at
  FROM resource r
  LEFT JOIN auth a ON a.auth_id = CASE WHEN r.in_scope THEN r.picked_auth_id END
), operated AS (
  SELECT *, gen_add_workdays(granted_at, floor(gen_rand($seed, asset_uid, 'first-op') * 10)::INTEGER) AS first_operation_date,
         gen_rand($seed, asset_uid, 'submit-month') AS u_month
  FROM granted
)
SELECT o.asset_uid, o.region_code, o.sector_code, o.in_scope AS in_authorized_scope, o.auth_id, o.granted_at,
       CASE WHEN o.auth_status IN ('EXPIRED', 'TERMINATED') THEN o.service_end END AS revoked_at,
       o.first_operation_date,
       least(DATE '2026-10-30',
             CASE WHEN o.in_scope
                  THEN gen_add_workdays(o.first_operation_date,
                         CASE WHEN gen_rand($seed, o.asset_uid, 'late') < 0.10
                              THEN 21 + floor(gen_rand($seed, o.asset_uid, 'late-days') * 40)::INTEGER
                              ELSE floor(gen_rand($seed, o.asset_uid, 'late-days') * 21)::INTEGER END)
                  ELSE gen_weekday((sm.m + floor(gen_rand($seed, o.asset_uid, 'submit-day') * 28)::INTEGER)::DATE) END) AS submitted_at,
       o.platform_live,
       -- the first, provincial-level holders register the most (the square skews the pick towards low k)
       'DH-' || o.region_code || '-' || o.sector_code || '-'
         || gen_pad(floor(o.n_holders * pow(gen_rand($seed, o.asset_uid, 'holder'), 2))::BIGINT, 4) AS registrant_org_id,
       gen_pick($seed, o.asset_uid, 'city', o.cities) AS city,
       CASE WHEN gen_rand($seed, o.asset_uid, 'local') < 0.6 THEN gen_pick($seed, o.asset_uid, 'city', o.cities) ELSE o.region_name_zh END
         || gen_pick($seed, o.asset_uid, 'topic', o.topics)
         || ['', '', '', '（明细）', '（按月汇总）', '（历史库）', '（区县级）', '（接口版）'][1 + (hash($seed || '|' || o.asset_uid || '|' || 'variant') % 8)::INTEGER] AS data_name,
       -- domain-research §7.2 distributions
       least(5e10, greatest(1e3, round(2e6 * exp(2.0 * gen_normal($seed, o.asset_uid, 'records')))))::BIGINT AS record_count,
       CASE WHEN gen_rand($seed, o.asset_uid, 'type') < 0.65 THEN 'STRUCTURED_TABLE'
            WHEN gen_rand($seed, o.asset_uid, 'type') < 0.80 THEN 'API_INTERFACE'
            WHEN gen_rand($seed, o.asset_uid, 'type') < 0.90 THEN 'SEMI_STRUCTURED_FILE'
            WHEN gen_rand($seed, o.asset_uid, 'type') < 0.95 THEN 'UNSTRUCTURED' ELSE 'GEOSPATIAL' END AS data_type,
       CASE WHEN gen_rand($seed, o.asset_uid, 'freq') < 0.10 THEN 'REALTIME' WHEN gen_rand($seed, o.asset_uid, 'freq') < 0.40 THEN 'DAILY'
            WHEN gen_rand($seed, o.asset_uid, 'freq') < 0.48 THEN 'WEEKLY' WHEN gen_rand($seed, o.asset_uid, 'freq') < 0.70 THEN 'MONTHLY'
            WHEN gen_rand($seed, o.asset_uid, 'freq') < 0.80 THEN 'QUARTERLY' WHEN gen_rand($seed, o.asset_uid, 'freq') < 0.92 THEN 'YEARLY'
            ELSE 'IRREGULAR' END AS update_frequency,
       -- CORE data may not be authorized: a rare 0.3 % slip inside a scope, 2 % of the resources outside
       CASE WHEN gen_rand($seed, o.asset_uid, 'security') < CASE WHEN o.in_scope THEN 0.003 ELSE 0.02 END THEN 'CORE'
            WHEN gen_rand($seed, o.asset_uid, 'security') < 0.22 THEN 'IMPORTANT' ELSE 'GENERAL' END AS security_level,
       CASE WHEN gen_rand($seed, o.asset_uid, 'share') < 0.35 THEN 'UNCONDITIONAL_SHARE'
            WHEN gen_rand($seed, o.asset_uid, 'share') < 0.90 THEN 'CONDITIONAL_SHARE' ELSE 'NO_SHARE' END AS sharing_attribute,
       CASE WHEN gen_rand($seed, o.asset_uid, 'open') < 0.20 THEN 'UNCONDITIONAL_OPEN'
            WHEN gen_rand($seed, o.asset_uid, 'open') < 0.65 THEN 'CONDITIONAL_OPEN' ELSE 'NOT_OPEN' END AS open_attribute,
       round(least(0.99, greatest(0.2, 0.667 + 0.15 * gen_normal($seed, o.asset_uid, 'quality'))), 3) AS quality_score
FROM operated o
JOIN submit_month sm ON o.u_month >= sm.cum_lo AND o.u_month < sm.cum_hi
ORDER BY o.asset_uid
