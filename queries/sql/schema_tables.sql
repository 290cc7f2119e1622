-- Tables and views an analyst can query in the sandbox snapshot, with their DuckDB comments (run on the snapshot).
SELECT table_name AS name, 'table' AS kind, comment
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary AND NOT internal
UNION ALL
SELECT view_name AS name, 'view' AS kind, comment
FROM duckdb_views()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary AND NOT internal
ORDER BY name
