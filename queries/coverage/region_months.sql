-- Which regions reported what, per month: one row per month × region that has usage (as provider) or registrations.
-- Registrations imported from open-data portal catalogues are a catalogue's history, not a monthly report: left out.
-- Usage from its monthly rollup, which has a row for a month and region exactly when usage has one (ingestion keeps it
-- in the batch's transaction and drops emptied groups): every view asks for this, and reading usage itself cost 0.4 s
-- per request at 100M rows.
WITH u AS (SELECT DISTINCT period_month AS m, provider_region_code AS r FROM rollup_usage_month),
     g AS (SELECT DISTINCT date_trunc('month', registered_at) AS m, region_code AS r
           FROM registration
           WHERE registered_at IS NOT NULL AND source IS DISTINCT FROM 'open-data-portal')
SELECT strftime(coalesce(u.m, g.m), '%Y-%m') AS month,
       coalesce(u.r, g.r) AS region_code,
       u.r IS NOT NULL AS usage,
       g.r IS NOT NULL AS registration
FROM u FULL JOIN g ON u.m = g.m AND u.r = g.r
ORDER BY month, region_code
