-- Every column of the tables and views in schema_tables.sql, in declaration order (run on the snapshot).
SELECT table_name, column_name, data_type, is_nullable, comment
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
ORDER BY table_name, column_index
