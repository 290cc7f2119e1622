-- Authorization evidence for candidate cells ($cells): the agreements past operator selection whose term overlaps the
-- window [$from, $as_of], with their operator and how many products they carry; at most $per_cell per cell.
SELECT a.region_code || ':' || a.sector_code AS cell, a.auth_id, a.auth_mode, a.scenario_name, a.status, a.term_start,
       a.term_end, a.operator_org_id, o.name AS operator_name,
       (SELECT count(*) FROM product p WHERE p.auth_id = a.auth_id) AS products
FROM "authorization" a
LEFT JOIN org o ON o.org_id = a.operator_org_id
WHERE list_contains($cells, a.region_code || ':' || a.sector_code)
  AND a.status NOT IN ('PLANNING', 'SELECTING')
  AND a.term_start <= CAST($as_of AS DATE) AND a.term_end >= CAST($from AS DATE)
QUALIFY row_number() OVER (PARTITION BY a.region_code, a.sector_code ORDER BY products DESC, a.term_start, a.auth_id) <= $per_cell
ORDER BY cell, products DESC, a.term_start
