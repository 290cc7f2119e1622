-- Function and macro names an analyst can call, for the editor's completion (run on the snapshot). One row per name and
-- kind, with DuckDB's own description and an example when it has them. What the sandbox refuses is left out: file
-- readers, table functions off its allow-list ($table_functions, server/sql/plan-check.ts) and the functions it refuses
-- by name.
SELECT function_name AS name,
       any_value(function_type) AS kind,
       any_value(description) FILTER (WHERE description IS NOT NULL) AS description,
       any_value(examples[1]) FILTER (WHERE len(examples) > 0) AS example
FROM duckdb_functions()
WHERE function_type IN ('scalar', 'aggregate', 'table', 'macro', 'table_macro')
  AND function_name NOT LIKE '\_\_%' ESCAPE '\'
  AND regexp_full_match(function_name, '[a-z_][a-z0-9_]*')
  AND NOT regexp_full_match(function_name, '(read|parquet|iceberg|delta)_.*|glob|sniff_csv|copy_.*|export_.*')
  AND (function_type <> 'table' OR list_contains($table_functions, function_name))
  AND NOT list_contains($refused, function_name)
GROUP BY function_name
ORDER BY function_name
