-- Reference check of the planted model targets (sample-data/README.md): for every scenario that other provinces
-- replicated (an authorization with is_replicated_from), the provinces without it, ranked by how close their registered
-- resources in the scenario's sector are to the median of the provinces that have it (|ln(resources / median)|).
WITH model AS (
  SELECT DISTINCT a.scenario_name, a.sector_code
  FROM "authorization" a WHERE a.is_replicated_from IS NOT NULL AND a.scenario_name IS NOT NULL
), adopter AS (
  SELECT DISTINCT m.scenario_name, m.sector_code, a.region_code
  FROM model m JOIN "authorization" a USING (scenario_name, sector_code)
), resources AS (
  SELECT region_code, sector_code, count(*) AS resources
  FROM registration
  WHERE object_type = 'PUBLIC_DATA_RESOURCE' AND reg_type = 'INITIAL' AND status IN ('REGISTERED', 'SUPERSEDED')
  GROUP BY ALL
), model_level AS (
  SELECT ad.scenario_name, ad.sector_code, median(coalesce(r.resources, 0)) AS median_resources
  FROM adopter ad LEFT JOIN resources r USING (region_code, sector_code)
  GROUP BY ALL
)
SELECT ml.scenario_name, ml.sector_code, rr.region_code, coalesce(r.resources, 0) AS resources, ml.median_resources,
       abs(ln((coalesce(r.resources, 0) + 1) / (ml.median_resources + 1))) AS distance,
       rank() OVER (PARTITION BY ml.scenario_name ORDER BY abs(ln((coalesce(r.resources, 0) + 1) / (ml.median_resources + 1)))) AS readiness_rank
FROM model_level ml
CROSS JOIN ref_region rr
LEFT JOIN resources r ON r.region_code = rr.region_code AND r.sector_code = ml.sector_code
WHERE rr.is_province
  AND NOT EXISTS (SELECT 1 FROM adopter ad WHERE ad.scenario_name = ml.scenario_name AND ad.region_code = rr.region_code)
ORDER BY ml.scenario_name, readiness_rank, rr.region_code
