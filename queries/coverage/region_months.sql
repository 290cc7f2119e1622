-- Which regions reported what, per month: one row per month × region that has usage (as provider) or registrations.
-- Registrations imported from open-data portal catalogues are a catalogue's history, not a monthly report: left out.
WITH u AS (SELECT DISTINCT period_month AS m, provider_region_code AS r FROM usage),
     g AS (SELECT DISTINCT date_trunc('month', registered_at) AS m, region_code AS r
           FROM registration
           WHERE registered_at IS NOT NULL AND source IS DISTINCT FROM 'open-data-portal')
SELECT strftime(coalesce(u.m, g.m), '%Y-%m') AS month,
       coalesce(u.r, g.r) AS region_code,
       u.r IS NOT NULL AS usage,
       g.r IS NOT NULL AS registration
FROM u FULL JOIN g ON u.m = g.m AND u.r = g.r
ORDER BY month, region_code
