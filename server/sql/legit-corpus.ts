/**
 * Legitimate analyst SQL: DuckDB's documented read features (https://duckdb.org/docs/current/sql/), each written
 * against the Atlas schema. legit-corpus.test.ts runs every entry through the sandbox on the workbench test data
 * (test-data.ts, 3,000 usage rows) and compares its answer with legit-corpus.expected.json, which records what DuckDB
 * itself answered for the same text on the same data outside the sandbox (regenerate with
 * `UV_THREADPOOL_SIZE=16 npx tsx server/sql/legit-corpus.expected.ts` after changing an entry).
 */
export interface LegitQuery {
  name: string;
  sql: string;
  /** The answer's rows vary from run to run (sampling, plans, approximations): only its columns and row count are compared. */
  shapeOnly?: boolean;
  /** Not even the row count is stable (EXPLAIN output): the columns only. */
  columnsOnly?: boolean;
}

export const LEGIT_QUERIES: LegitQuery[] = [
  // FROM-first, SELECT shorthands
  { name: 'FROM-first without SELECT', sql: `FROM ref_sector ORDER BY sector_code LIMIT 3` },
  { name: 'FROM-first with SELECT after', sql: `FROM usage SELECT count(*) AS n, sum(calls) AS calls` },
  { name: 'SELECT * EXCLUDE', sql: `SELECT * EXCLUDE (batch_id, new_user) FROM usage ORDER BY usage_id LIMIT 2` },
  {
    name: 'SELECT * REPLACE',
    sql: `SELECT * REPLACE (calls * 2 AS calls) FROM usage ORDER BY usage_id LIMIT 1`,
  },
  { name: 'SELECT * RENAME', sql: `SELECT * RENAME (calls AS n_calls) FROM usage ORDER BY usage_id LIMIT 1` },
  { name: 'COLUMNS with a regular expression', sql: `SELECT max(COLUMNS('.*_cny')) FROM product` },
  { name: 'COLUMNS with a lambda', sql: `SELECT min(COLUMNS(c -> c LIKE '%region%')) FROM usage` },
  { name: 'COLUMNS(*) in an aggregate', sql: `SELECT count(COLUMNS(*)) FROM ref_sector` },
  {
    name: 'GROUP BY ALL',
    sql: `SELECT user_type, use_purpose, sum(calls) AS calls FROM usage GROUP BY ALL ORDER BY ALL`,
  },
  { name: 'ORDER BY ALL', sql: `SELECT DISTINCT user_type FROM usage ORDER BY ALL DESC` },
  {
    name: 'column alias reused in WHERE',
    sql: `SELECT calls * 2 AS doubled FROM usage WHERE doubled > 2190 ORDER BY 1`,
  },
  {
    name: 'trailing comma in the select list',
    sql: `SELECT user_type, count(*) AS n, FROM usage GROUP BY user_type ORDER BY 1`,
  },
  { name: 'SELECT without FROM', sql: `SELECT 42 AS answer, 'atlas' AS name` },
  { name: 'VALUES as a table', sql: `SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t(id, label) ORDER BY id` },
  { name: 'VALUES on its own', sql: `VALUES (1, 'one'), (2, 'two')` },
  {
    name: 'DISTINCT ON',
    sql: `SELECT DISTINCT ON (user_type) user_type, usage_id, calls FROM usage ORDER BY user_type, calls DESC, usage_id`,
  },
  { name: 'LIMIT with OFFSET', sql: `SELECT usage_id FROM usage ORDER BY usage_id LIMIT 5 OFFSET 10` },
  { name: 'LIMIT in percent', sql: `SELECT * FROM ref_sector ORDER BY sector_code LIMIT 50%`, shapeOnly: true },
  { name: 'prefix aliases', sql: `SELECT n: count(*), total: sum(calls) FROM usage` },
  { name: 'string slicing', sql: `SELECT product_id[1:3] AS prefix, count(*) AS n FROM usage GROUP BY 1` },
  // CTEs and subqueries
  {
    name: 'WITH',
    sql: `WITH monthly AS (SELECT period_month, sum(calls) AS calls FROM usage GROUP BY 1) SELECT count(*) AS months, max(calls) AS peak FROM monthly`,
  },
  {
    name: 'WITH RECURSIVE',
    sql: `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) SELECT sum(i) AS s FROM n`,
  },
  {
    name: 'WITH MATERIALIZED',
    sql: `WITH t AS MATERIALIZED (SELECT user_type, count(*) AS n FROM usage GROUP BY 1) SELECT * FROM t ORDER BY user_type`,
  },
  {
    name: 'correlated subquery',
    sql: `SELECT p.product_id, (SELECT sum(calls) FROM usage u WHERE u.product_id = p.product_id) AS calls FROM product p ORDER BY p.product_id LIMIT 3`,
  },
  {
    name: 'EXISTS',
    sql: `SELECT count(*) AS n FROM product p WHERE EXISTS (SELECT 1 FROM usage u WHERE u.product_id = p.product_id)`,
  },
  {
    name: 'IN subquery',
    sql: `SELECT count(*) AS n FROM "authorization" WHERE auth_id IN (SELECT auth_id FROM product)`,
  },
  {
    name: 'scalar subquery in WHERE',
    sql: `SELECT count(*) AS n FROM usage WHERE calls > (SELECT avg(calls) FROM usage)`,
  },
  {
    name: 'LATERAL join',
    sql: `SELECT s.sector_code, x.n FROM ref_sector s, LATERAL (SELECT count(*) AS n FROM product p WHERE p.sector_code = s.sector_code) x ORDER BY 1 LIMIT 4`,
  },
  // Joins
  {
    name: 'inner JOIN USING',
    sql: `SELECT p.sector_code, sum(u.calls) AS calls FROM usage u JOIN product p USING (product_id) GROUP BY 1 ORDER BY 1`,
  },
  {
    name: 'LEFT JOIN',
    sql: `SELECT count(*) AS n, count(u.usage_id) AS used FROM product p LEFT JOIN usage u ON u.product_id = p.product_id`,
  },
  {
    name: 'FULL OUTER JOIN',
    sql: `SELECT count(*) AS n FROM ref_sector s FULL JOIN product p ON p.sector_code = s.sector_code`,
  },
  {
    name: 'NATURAL JOIN',
    sql: `SELECT count(*) AS n FROM (SELECT product_id, auth_id FROM product) NATURAL JOIN (SELECT DISTINCT product_id, auth_id FROM usage)`,
  },
  {
    name: 'SEMI JOIN',
    sql: `SELECT count(*) AS n FROM ref_region r SEMI JOIN usage u ON u.provider_region_code = r.region_code`,
  },
  {
    name: 'ANTI JOIN',
    sql: `SELECT count(*) AS n FROM ref_region r ANTI JOIN usage u ON u.provider_region_code = r.region_code`,
  },
  {
    name: 'POSITIONAL JOIN',
    // VALUES keeps its order (a UNION ALL need not, so its pairs could change between runs)
    sql: `SELECT * FROM (VALUES (1), (2)) t(a) POSITIONAL JOIN (VALUES ('x'), ('y')) u(b) ORDER BY a`,
  },
  {
    name: 'ASOF join',
    sql: `WITH months AS (SELECT DISTINCT period_month FROM usage), launches AS (SELECT product_id, launched_at FROM product)
          SELECT m.period_month, count(*) AS n FROM months m ASOF JOIN launches l ON m.period_month >= l.launched_at GROUP BY 1 ORDER BY 1 LIMIT 3`,
  },
  {
    name: 'ASOF LEFT join',
    sql: `SELECT count(*) AS n FROM (SELECT DATE '2024-01-01' AS d UNION ALL SELECT DATE '2025-06-01') t ASOF LEFT JOIN (SELECT DISTINCT period_month FROM usage) m ON t.d >= m.period_month`,
  },
  {
    name: 'self join with aliases',
    sql: `SELECT count(*) AS n FROM "authorization" a JOIN "authorization" b ON a.is_replicated_from = b.auth_id`,
  },
  { name: 'CROSS JOIN', sql: `SELECT count(*) AS n FROM ref_sector CROSS JOIN (SELECT DISTINCT user_type FROM usage)` },
  // Aggregates
  {
    name: 'FILTER clause',
    sql: `SELECT count(*) FILTER (WHERE use_purpose = 'PUBLIC_GOVERNANCE') AS free_rows, sum(amount_cny) FILTER (WHERE use_purpose <> 'PUBLIC_GOVERNANCE') AS paid FROM usage`,
  },
  {
    name: 'GROUPING SETS',
    sql: `SELECT user_type, use_purpose, sum(calls) AS calls FROM usage GROUP BY GROUPING SETS ((user_type), (use_purpose), ()) ORDER BY ALL NULLS FIRST`,
  },
  {
    name: 'ROLLUP',
    sql: `SELECT user_type, use_purpose, count(*) AS n FROM usage GROUP BY ROLLUP (user_type, use_purpose) ORDER BY ALL NULLS LAST`,
  },
  {
    name: 'CUBE with GROUPING()',
    sql: `SELECT grouping(user_type, use_purpose) AS g, count(*) AS n FROM usage GROUP BY CUBE (user_type, use_purpose) ORDER BY g, n`,
  },
  {
    name: 'HAVING',
    sql: `SELECT product_id, count(*) AS n FROM usage GROUP BY 1 HAVING count(*) >= 10 ORDER BY 1 LIMIT 3`,
  },
  {
    name: 'arg_max and arg_min',
    sql: `SELECT arg_max(usage_id, (calls, usage_id)) AS busiest, arg_min(usage_id, (calls, usage_id)) AS quietest FROM usage`,
  },
  { name: 'max_by with a count', sql: `SELECT max_by(product_id, calls, 3) AS top FROM usage`, shapeOnly: true },
  { name: 'quantile_cont and median', sql: `SELECT quantile_cont(calls, 0.5) AS q, median(calls) AS m FROM usage` },
  { name: 'quantile_disc with a list', sql: `SELECT quantile_disc(calls, [0.25, 0.75]) AS qs FROM usage` },
  { name: 'mode', sql: `SELECT mode(user_type) AS m FROM usage WHERE user_type <> 'GOVERNMENT'`, shapeOnly: true },
  {
    name: 'stddev and variance',
    sql: `SELECT round(stddev_samp(calls), 6) AS sd, round(var_pop(calls), 4) AS v FROM usage`,
  },
  {
    name: 'corr and regr_slope',
    sql: `SELECT round(corr(calls, records_delivered), 9) AS r, round(regr_slope(records_delivered, calls), 9) AS slope FROM usage`,
  },
  {
    name: 'string_agg with ORDER BY',
    sql: `SELECT string_agg(DISTINCT user_type, ',' ORDER BY user_type) AS types FROM usage`,
  },
  {
    name: 'list aggregate with ORDER BY',
    sql: `SELECT list(sector_code ORDER BY sector_code)[1:3] AS first3 FROM ref_sector`,
  },
  {
    name: 'bool_and and bool_or',
    sql: `SELECT bool_and(calls > 0) AS all_called, bool_or(new_user) AS some_new FROM usage`,
  },
  {
    name: 'approx_count_distinct',
    sql: `SELECT approx_count_distinct(user_org_id) AS users FROM usage`,
    shapeOnly: true,
  },
  {
    name: 'count DISTINCT',
    sql: `SELECT count(DISTINCT user_org_id) AS users, count(DISTINCT product_id) AS products FROM usage`,
  },
  { name: 'histogram', sql: `SELECT histogram(user_type) AS h FROM usage` },
  {
    name: 'sum of DECIMAL money',
    sql: `SELECT sum(amount_cny) AS total, avg(list_unit_price_cny) AS avg_price FROM usage JOIN product USING (product_id)`,
  },
  {
    name: 'fsum and favg',
    sql: `SELECT round(fsum(data_volume_gb), 6) AS gb, round(favg(success_rate), 9) AS sr FROM usage`,
  },
  // Window functions
  {
    name: 'row_number',
    sql: `SELECT usage_id, row_number() OVER (PARTITION BY user_type ORDER BY calls DESC, usage_id) AS rn FROM usage QUALIFY rn = 1 ORDER BY usage_id`,
  },
  {
    name: 'QUALIFY with rank',
    sql: `SELECT product_id, calls FROM usage QUALIFY rank() OVER (ORDER BY calls DESC) <= 3 ORDER BY calls DESC, product_id`,
  },
  {
    name: 'running total with ROWS frame',
    sql: `SELECT period_month::VARCHAR AS m, sum(sum(calls)) OVER (ORDER BY period_month ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM usage GROUP BY period_month ORDER BY period_month LIMIT 3`,
  },
  {
    name: 'moving average with RANGE interval frame',
    sql: `SELECT period_month::VARCHAR AS m, avg(sum(calls)) OVER (ORDER BY period_month RANGE BETWEEN INTERVAL 2 MONTH PRECEDING AND CURRENT ROW) AS ma FROM usage GROUP BY period_month ORDER BY period_month LIMIT 4`,
  },
  {
    name: 'GROUPS frame',
    sql: `SELECT calls, count(*) OVER (ORDER BY calls GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS near FROM (SELECT DISTINCT calls FROM usage) ORDER BY calls LIMIT 3`,
  },
  {
    name: 'frame EXCLUDE CURRENT ROW',
    sql: `SELECT i, sum(i) OVER (ORDER BY i ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW) AS s FROM range(5) t(i) ORDER BY i`,
  },
  {
    name: 'lag and lead',
    sql: `WITH m AS (SELECT period_month, sum(calls) AS calls FROM usage GROUP BY 1) SELECT period_month::VARCHAR AS m, calls - lag(calls) OVER (ORDER BY period_month) AS delta, lead(calls, 2) OVER (ORDER BY period_month) AS later FROM m ORDER BY period_month LIMIT 3`,
  },
  {
    name: 'named WINDOW',
    sql: `SELECT usage_id, min(calls) OVER w AS lo, max(calls) OVER w AS hi FROM usage WINDOW w AS (PARTITION BY user_type) ORDER BY usage_id LIMIT 2`,
  },
  {
    name: 'ntile, percent_rank, cume_dist',
    sql: `SELECT sector_code, ntile(4) OVER (ORDER BY sector_code) AS q, round(percent_rank() OVER (ORDER BY sector_code), 6) AS pr, round(cume_dist() OVER (ORDER BY sector_code), 6) AS cd FROM ref_sector ORDER BY sector_code LIMIT 3`,
  },
  {
    name: 'first_value IGNORE NULLS',
    sql: `SELECT first_value(is_replicated_from IGNORE NULLS) OVER (ORDER BY auth_id) AS f FROM "authorization" ORDER BY auth_id LIMIT 1 OFFSET 20`,
  },
  {
    name: 'window with ORDER BY inside an aggregate',
    sql: `SELECT user_type, list(usage_id ORDER BY calls DESC, usage_id)[1] AS top FROM usage GROUP BY user_type ORDER BY user_type`,
  },
  // PIVOT and UNPIVOT
  { name: 'dynamic PIVOT', sql: `PIVOT usage ON use_purpose USING sum(calls) GROUP BY user_type ORDER BY user_type` },
  {
    name: 'dynamic PIVOT of two columns',
    sql: `PIVOT usage ON use_purpose, user_type USING count(*) GROUP BY period_month ORDER BY period_month`,
  },
  {
    name: 'dynamic PIVOT with two aggregates',
    sql: `PIVOT (SELECT user_type, use_purpose, calls FROM usage) ON use_purpose USING sum(calls) AS total, max(calls) AS peak ORDER BY user_type`,
  },
  {
    name: 'dynamic PIVOT in a CTE',
    sql: `WITH p AS (PIVOT usage ON user_type USING sum(calls) GROUP BY use_purpose) SELECT * FROM p ORDER BY use_purpose`,
  },
  {
    name: 'SQL-standard PIVOT',
    sql: `SELECT * FROM (SELECT user_type, use_purpose, calls FROM usage) PIVOT (sum(calls) FOR use_purpose IN ('PUBLIC_GOVERNANCE', 'INDUSTRY_DEVELOPMENT')) ORDER BY user_type`,
  },
  {
    name: 'PIVOT with an IN list',
    sql: `PIVOT usage ON user_type IN ('ENTERPRISE', 'GOVERNMENT') USING count(*) GROUP BY use_purpose ORDER BY use_purpose`,
  },
  {
    name: 'dynamic UNPIVOT with COLUMNS',
    sql: `UNPIVOT (SELECT user_type, sum(calls) AS calls, sum(records_delivered) AS records FROM usage GROUP BY 1) ON COLUMNS(* EXCLUDE user_type) INTO NAME measure VALUE amount ORDER BY ALL`,
  },
  {
    name: 'SQL-standard UNPIVOT',
    sql: `SELECT * FROM (SELECT 'x' AS k, 1 AS a, 2 AS b) UNPIVOT (v FOR col IN (a, b)) ORDER BY col`,
  },
  { name: 'EXPLAIN of a dynamic PIVOT', sql: `EXPLAIN PIVOT usage ON use_purpose USING sum(calls)`, columnsOnly: true },
  // Lambdas, lists, structs, maps
  { name: 'list_transform lambda', sql: `SELECT list_transform([1, 2, 3], x -> x * 10) AS l` },
  {
    name: 'list_filter lambda',
    sql: `SELECT list_filter(list(DISTINCT calls ORDER BY calls), x -> x % 500 = 0) AS l FROM usage`,
  },
  { name: 'list_reduce lambda', sql: `SELECT list_reduce([1, 2, 3, 4], (a, b) -> a + b) AS s` },
  { name: 'Python-style list comprehension', sql: `SELECT [x * 2 FOR x IN [1, 2, 3] IF x > 1] AS l` },
  { name: 'lambda keyword syntax', sql: `SELECT list_transform([1, 2], lambda x: x + 1) AS l` },
  {
    name: 'list functions',
    sql: `SELECT list_sort(['b', 'a', 'c']) AS s, list_distinct([1, 1, 2]) AS d, list_contains([1, 2], 2) AS c, len([1, 2, 3]) AS n, list_aggregate([1, 2, 3], 'sum') AS agg`,
  },
  { name: 'unnest a list', sql: `SELECT unnest(['a', 'b', 'c']) AS v ORDER BY v` },
  { name: 'unnest in FROM', sql: `SELECT count(*) AS n FROM unnest(range(10))` },
  {
    name: 'generate_series',
    sql: `SELECT count(*) AS n, max(d)::VARCHAR AS last FROM generate_series(DATE '2025-01-01', DATE '2025-12-01', INTERVAL 1 MONTH) t(d)`,
  },
  {
    name: 'struct literal and dot access',
    sql: `SELECT s.region, s.calls FROM (SELECT {'region': provider_region_code, 'calls': sum(calls)} AS s FROM usage GROUP BY provider_region_code) ORDER BY s.region LIMIT 2`,
  },
  { name: 'struct_pack and unnest of a struct', sql: `SELECT unnest(struct_pack(a := 1, b := 'x'))` },
  { name: 'row() struct and star expansion', sql: `SELECT s.* FROM (SELECT {'k': 1, 'v': 'one'} AS s)` },
  { name: 'map and element_at', sql: `SELECT MAP {'a': 1, 'b': 2}['b'] AS b, map_keys(MAP {'a': 1}) AS ks` },
  {
    name: 'list of structs',
    sql: `SELECT list({'type': user_type, 'n': n} ORDER BY user_type) AS l FROM (SELECT user_type, count(*) AS n FROM usage GROUP BY 1)`,
  },
  {
    name: 'array_agg and array functions',
    sql: `SELECT array_length(array_agg(sector_code)) AS n, array_to_string(['a', 'b'], '-') AS s FROM ref_sector`,
  },
  {
    name: 'fixed-size ARRAY and cosine similarity',
    sql: `SELECT round(array_cosine_similarity([1.0, 0.0]::FLOAT[2], [1.0, 1.0]::FLOAT[2]), 6) AS sim`,
  },
  {
    name: 'json extraction',
    sql: `SELECT json_extract_string('{"a": {"b": "x"}}', '$.a.b') AS v, '{"n": 3}'::JSON->>'n' AS n`,
  },
  { name: 'json_each table function', sql: `SELECT count(*) AS n FROM json_each('{"a": 1, "b": 2, "c": 3}')` },
  // Text, dates, numbers
  {
    name: 'string functions',
    sql: `SELECT upper('abc') AS u, concat_ws('-', 'a', 'b') AS c, regexp_extract('PRD123', '\\d+') AS d, left('数据产品', 2) AS l, length('数据') AS n`,
  },
  {
    name: 'regexp_matches in WHERE',
    sql: `SELECT count(*) AS n FROM product WHERE regexp_matches(product_name, '产品 1\\d$')`,
  },
  { name: 'string_split and list indexing', sql: `SELECT string_split('a,b,c', ',')[2] AS second` },
  {
    name: 'ILIKE and SIMILAR TO',
    sql: `SELECT count(*) FILTER (WHERE user_type ILIKE 'gov%') AS g, count(*) FILTER (WHERE user_type SIMILAR TO 'E.*') AS e FROM usage`,
  },
  {
    name: 'format and printf',
    sql: `SELECT format('{} has {:,} calls', 'usage', 1234567) AS f, printf('%05.1f', 3.14159) AS p`,
  },
  {
    name: 'date_trunc and strftime',
    sql: `SELECT strftime(date_trunc('quarter', period_month), '%Y-%m') AS q, count(*) AS n FROM usage GROUP BY 1 ORDER BY 1`,
  },
  {
    name: 'date_part, dayofweek and last_day',
    sql: `SELECT date_part('year', DATE '2025-02-10') AS y, dayofweek(DATE '2025-02-10') AS dow, last_day(DATE '2025-02-10')::VARCHAR AS ld`,
  },
  {
    name: 'date arithmetic and intervals',
    sql: `SELECT (DATE '2025-03-31' + INTERVAL 1 MONTH)::VARCHAR AS d, date_diff('day', DATE '2025-01-01', DATE '2025-03-01') AS days, age(TIMESTAMP '2025-03-01', TIMESTAMP '2024-01-01')::VARCHAR AS a`,
  },
  {
    name: 'time_bucket',
    sql: `SELECT time_bucket(INTERVAL 6 MONTH, period_month)::VARCHAR AS half, count(*) AS n FROM usage GROUP BY 1 ORDER BY 1`,
  },
  {
    name: 'TRY_CAST and TRY',
    sql: `SELECT TRY_CAST('x' AS INTEGER) AS a, TRY_CAST('12' AS INTEGER) AS b, try(1 / 0) AS c`,
  },
  { name: 'shorthand casts', sql: `SELECT '42'::BIGINT + 1 AS n, 3.999::DECIMAL(5, 2) AS d, 1::BOOLEAN AS b` },
  {
    name: 'numeric functions',
    sql: `SELECT round(2.5) AS r, ceil(1.2) AS c, floor(-1.2) AS f, greatest(1, 5, 3) AS g, 7 // 2 AS idiv, 2 ** 10 AS p`,
  },
  {
    name: 'CASE and COALESCE',
    sql: `SELECT count(CASE WHEN calls > 600 THEN 1 END) AS high, coalesce(NULL, 'x') AS c, nullif(1, 1) AS n, ifnull(NULL, 2) AS i FROM usage`,
  },
  {
    name: 'IS DISTINCT FROM',
    sql: `SELECT count(*) AS n FROM "authorization" WHERE is_replicated_from IS DISTINCT FROM NULL`,
  },
  {
    name: 'BETWEEN on dates',
    sql: `SELECT count(*) AS n FROM usage WHERE period_month BETWEEN DATE '2025-06-01' AND DATE '2025-08-01'`,
  },
  { name: 'hash and md5', sql: `SELECT md5('atlas') AS m, hash('atlas') = hash('atlas') AS same` },
  { name: 'uuid and random are accepted', sql: `SELECT length(uuid()::VARCHAR) AS n, random() < 1 AS r` },
  // Set operations
  {
    name: 'UNION ALL',
    sql: `SELECT 'product' AS k, count(*) AS n FROM product UNION ALL SELECT 'org', count(*) FROM org ORDER BY k`,
  },
  { name: 'UNION BY NAME', sql: `SELECT 1 AS a, 2 AS b UNION ALL BY NAME SELECT 3 AS b, 4 AS c ORDER BY a NULLS LAST` },
  {
    name: 'INTERSECT and EXCEPT',
    sql: `SELECT (SELECT count(*) FROM (SELECT region_code FROM ref_region INTERSECT SELECT provider_region_code FROM usage)) AS both_, (SELECT count(*) FROM (SELECT region_code FROM ref_region EXCEPT SELECT provider_region_code FROM usage)) AS only_ref`,
  },
  // Sampling
  { name: 'USING SAMPLE rows', sql: `SELECT count(*) AS n FROM (SELECT * FROM usage USING SAMPLE 100 ROWS)` },
  {
    name: 'USING SAMPLE percent with a seed',
    sql: `SELECT count(*) AS n FROM usage USING SAMPLE 10% (bernoulli, 42)`,
    shapeOnly: true,
  },
  {
    name: 'TABLESAMPLE reservoir',
    sql: `SELECT count(*) AS n FROM usage TABLESAMPLE reservoir(50 ROWS) REPEATABLE (7)`,
  },
  {
    name: 'SAMPLE in a join',
    sql: `SELECT count(*) AS n FROM (SELECT * FROM product USING SAMPLE 10 ROWS) p JOIN usage u USING (product_id)`,
    shapeOnly: true,
  },
  // Describing the data
  { name: 'DESCRIBE a table', sql: `DESCRIBE usage` },
  { name: 'DESCRIBE a query', sql: `DESCRIBE SELECT user_type, sum(amount_cny) AS amount FROM usage GROUP BY 1` },
  { name: 'SUMMARIZE a table', sql: `SUMMARIZE ref_sector`, shapeOnly: true },
  { name: 'SUMMARIZE a query', sql: `SUMMARIZE SELECT calls, amount_cny FROM usage`, shapeOnly: true },
  { name: 'SHOW TABLES', sql: `SHOW TABLES` },
  { name: 'SHOW a table', sql: `SHOW product` },
  { name: 'duckdb_columns catalogue', sql: `SELECT count(*) AS n FROM duckdb_columns() WHERE table_name = 'usage'` },
  {
    name: 'duckdb_tables catalogue',
    sql: `SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'ref_%' ORDER BY 1`,
  },
  {
    name: 'information_schema',
    sql: `SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 'product'`,
  },
  { name: 'pragma_table_info', sql: `SELECT name, type FROM pragma_table_info('ref_sector') ORDER BY cid LIMIT 2` },
  { name: 'duckdb_functions catalogue', sql: `SELECT count(*) > 100 AS many FROM duckdb_functions()` },
  { name: 'EXPLAIN', sql: `EXPLAIN SELECT sum(calls) FROM usage`, columnsOnly: true },
  {
    name: 'EXPLAIN ANALYZE',
    sql: `EXPLAIN ANALYZE SELECT user_type, sum(calls) FROM usage GROUP BY 1`,
    columnsOnly: true,
  },
  // Macros defined with the query
  {
    name: 'a temporary scalar macro',
    sql: `CREATE TEMP MACRO paid(purpose) AS purpose NOT IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE');\nSELECT count(*) FILTER (WHERE paid(use_purpose)) AS paid_rows FROM usage`,
  },
  {
    name: 'a temporary table macro',
    sql: `CREATE OR REPLACE TEMP MACRO busiest(k) AS TABLE SELECT product_id, sum(calls) AS calls FROM usage GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT k;\nSELECT * FROM busiest(3)`,
  },
  {
    name: 'two macros and a default parameter',
    sql: `CREATE TEMP MACRO share(part, whole := 100) AS round(100.0 * part / whole, 2);\nCREATE TEMPORARY FUNCTION twice(x) AS x * 2;\nSELECT share(twice(25)) AS a, share(1, 4) AS b;`,
  },
  {
    name: 'a macro used by a dynamic PIVOT',
    sql: `CREATE TEMP MACRO bucket(c) AS CASE WHEN c < 600 THEN 'low' ELSE 'high' END;\nPIVOT (SELECT user_type, bucket(calls) AS b FROM usage) ON b USING count(*) ORDER BY user_type`,
  },
  // Odd but legitimate text
  {
    name: 'a trailing semicolon and comments',
    sql: `-- monthly calls\nSELECT count(*) AS n /* all rows */ FROM usage; -- done`,
  },
  { name: 'a semicolon inside a string', sql: `SELECT 'a;b' AS s, "calls;" FROM (SELECT 1 AS "calls;")` },
  { name: 'a dollar-quoted string', sql: `SELECT $$it's; fine$$ AS s` },
  {
    name: 'Chinese identifiers and text',
    sql: `SELECT name_zh AS 名称, count(*) AS 数量 FROM ref_sector GROUP BY 1 ORDER BY 1 LIMIT 2`,
  },
  { name: 'the word pivot in a string', sql: `SELECT 'pivot; table' AS s` },
];
