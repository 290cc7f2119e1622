-- Tables and views of the main schema with their exact row counts (DuckDB answers count(*) from row-group metadata).
SELECT t.table_name, t.comment, t.estimated_size, t.column_count
FROM duckdb_tables() t
WHERE t.database_name = current_database() AND t.schema_name = 'main' AND NOT t.temporary
ORDER BY t.table_name
