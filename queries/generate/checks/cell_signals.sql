-- Reference check of the planted cell signals (sample-data/README.md), over the ingested tables: one row per
-- region × sector (33 × 18) with plain supply and demand measures, log-scaled indices (each measure's ln(1 + x) divided
-- by its maximum over all cells), ranks and a quadrant. It is not the indicator engine, only a transparent version of
-- its principles that the planted cells must satisfy by a wide margin.
WITH supply AS (
  -- registered public data resources: initial events that were coded (REGISTERED, or SUPERSEDED by a later event)
  SELECT region_code, sector_code, count(*) AS resources, sum(record_count) AS records,
         count(*) FILTER (WHERE NOT in_authorized_scope) AS unlockable
  FROM registration
  WHERE object_type = 'PUBLIC_DATA_RESOURCE' AND reg_type = 'INITIAL' AND status IN ('REGISTERED', 'SUPERSEDED')
  GROUP BY ALL
), demand AS (
  SELECT u.provider_region_code AS region_code, p.sector_code, sum(u.calls) AS calls, sum(u.amount_cny) AS paid_cny,
         count(DISTINCT u.user_org_id) AS users,
         sum(u.calls) FILTER (WHERE u.period_month >= DATE '2026-05-01') AS calls_last6,
         sum(u.calls) FILTER (WHERE u.period_month >= DATE '2025-11-01' AND u.period_month < DATE '2026-05-01') AS calls_prev6
  FROM usage u JOIN product p USING (product_id)
  GROUP BY ALL
), cell AS (
  SELECT r.region_code, s.sector_code, coalesce(resources, 0) AS resources, coalesce(records, 0) AS records,
         coalesce(unlockable, 0) AS unlockable, coalesce(calls, 0) AS calls, coalesce(paid_cny, 0)::DOUBLE AS paid_cny,
         coalesce(users, 0) AS users, CASE WHEN calls_prev6 > 0 THEN calls_last6 / calls_prev6 END AS growth_6m
  FROM ref_region r CROSS JOIN ref_sector s
  LEFT JOIN supply USING (region_code, sector_code)
  LEFT JOIN demand USING (region_code, sector_code)
), indexed AS (
  SELECT *,
         (ln(1 + resources) / max(ln(1 + resources)) OVER () + ln(1 + records) / max(ln(1 + records)) OVER ()) / 2 AS abundance,
         (ln(1 + calls) / max(ln(1 + calls)) OVER () + ln(1 + paid_cny) / max(ln(1 + paid_cny)) OVER ()
           + ln(1 + users) / max(ln(1 + users)) OVER ()) / 3 AS demand
  FROM cell
), scored AS (
  SELECT *, demand - abundance AS gap,
         -- high demand and abundance, growing demand (6-month ratio, capped at 3) and supply still outside any scope
         abundance + demand + least(coalesce(growth_6m, 0), 3) / 3 + ln(1 + unlockable) / max(ln(1 + unlockable)) OVER () AS breakthrough_score,
         -- quadrants split at the median of the cells that have any usage (demand) or any resources (abundance):
         -- most cells have no usage at all, so the median of all cells would call any usage "high"
         CASE WHEN demand > median(demand) FILTER (WHERE calls > 0) OVER ()
                   AND abundance > median(abundance) FILTER (WHERE resources > 0) OVER () THEN 'high_demand_high_abundance'
              WHEN demand > median(demand) FILTER (WHERE calls > 0) OVER () THEN 'supply_gap'
              WHEN abundance > median(abundance) FILTER (WHERE resources > 0) OVER () THEN 'untapped'
              ELSE 'low_demand_low_abundance' END AS quadrant
  FROM indexed
)
SELECT region_code, sector_code, resources, records, unlockable, calls, paid_cny, users, growth_6m,
       round(abundance, 4) AS abundance, round(demand, 4) AS demand, round(gap, 4) AS gap, quadrant,
       round(breakthrough_score, 4) AS breakthrough_score,
       rank() OVER (ORDER BY breakthrough_score DESC) AS breakthrough_rank,
       rank() OVER (ORDER BY gap DESC) AS gap_rank,
       rank() OVER (PARTITION BY sector_code ORDER BY abundance DESC) AS abundance_rank_in_sector,
       rank() OVER (PARTITION BY sector_code ORDER BY demand DESC) AS demand_rank_in_sector,
       -- against the median of the sector's cells that have any (many cells have no usage at all)
       resources / median(resources) FILTER (WHERE resources > 0) OVER (PARTITION BY sector_code) AS resources_vs_sector_median,
       calls / median(calls) FILTER (WHERE calls > 0) OVER (PARTITION BY sector_code) AS calls_vs_sector_median
FROM scored
ORDER BY breakthrough_rank, region_code, sector_code
