/**
 * A query with a column of every DuckDB type the analyst answer carries, for the exactness round trips: 5,000 rows
 * (chunks of 2,048 and a part), NULLs in every column, the extremes in the first rows, nested values (a LIST of
 * STRUCTs, a MAP, a STRUCT holding a LIST) and text that needs quoting inside them. Tests compare each answer format
 * with DuckDB's own `CAST(x AS VARCHAR)` of the same query (EVERY_TYPE_TEXT).
 */
export const EVERY_TYPE_ROWS = 5000;

const pick = (extremes: string[], rest: string) =>
  `CASE ${extremes.map((e, k) => `WHEN i = ${k} THEN ${e}`).join(' ')} WHEN i % 7 = 3 THEN NULL ELSE ${rest} END`;

/** Column name → its expression over i (0 … 4999); each column but i NULL where i % 7 = 3. */
export const EVERY_TYPE_COLUMNS: Record<string, string> = {
  i: 'i',
  b: pick(['true', 'false'], 'i % 2 = 0'),
  i8: pick(['(-128)::TINYINT', '127::TINYINT'], '(i % 100)::TINYINT'),
  i16: pick(['(-32768)::SMALLINT', '32767::SMALLINT'], '(i * 3 % 30000)::SMALLINT'),
  i32: pick(['(-2147483648)::INTEGER', '2147483647::INTEGER'], '(i * 1000)::INTEGER'),
  i64: pick(
    ['(-9223372036854775808)::BIGINT', '9223372036854775807::BIGINT', '9007199254740993::BIGINT'],
    'i::BIGINT * 1000000007',
  ),
  u8: pick(['255::UTINYINT'], '(i % 200)::UTINYINT'),
  u16: pick(['65535::USMALLINT'], 'i::USMALLINT'),
  u32: pick(['4294967295::UINTEGER'], 'i::UINTEGER'),
  u64: pick(['18446744073709551615::UBIGINT', '9007199254740993::UBIGINT'], 'i::UBIGINT'),
  i128: pick(
    ['170141183460469231731687303715884105727::HUGEINT', '(-170141183460469231731687303715884105727)::HUGEINT'],
    '(i::HUGEINT * 123456789012345678901)',
  ),
  u128: pick(['340282366920938463463374607431768211455::UHUGEINT'], 'i::UHUGEINT'),
  f32: pick(["'inf'::FLOAT", '(-1.5)::FLOAT', '3.4028235e38::FLOAT'], '(i / 8)::FLOAT'),
  f64: pick(
    ["'nan'::DOUBLE", "'-inf'::DOUBLE", '1e-320::DOUBLE', '1.7976931348623157e308::DOUBLE', '0.1::DOUBLE'],
    'i / 3',
  ),
  d4: pick(['(-999.9)::DECIMAL(4,1)', '999.9::DECIMAL(4,1)'], '(i / 10)::DECIMAL(4,1)'),
  d9: pick(['(-9999999.99)::DECIMAL(9,2)'], '(i * 1.01)::DECIMAL(9,2)'),
  d18: pick(['999999999999999.999::DECIMAL(18,3)', '(-0.001)::DECIMAL(18,3)'], '(i * 7.125)::DECIMAL(18,3)'),
  d38: pick(
    ['9999999999999999999999999999.9999999999::DECIMAL(38,10)', '(-0.0000000001)::DECIMAL(38,10)'],
    '(i * 12345.6789)::DECIMAL(38,10)',
  ),
  dt: pick(
    ["DATE '0001-01-01'", "DATE '9999-12-31'", "'infinity'::DATE", "DATE '-0044-03-15'"],
    "DATE '2024-02-28' + i",
  ),
  tm: pick(["TIME '00:00:00'", "TIME '23:59:59.999999'"], "TIME '08:00:00' + INTERVAL (i) SECOND"),
  ts: pick(
    ["TIMESTAMP '1677-09-22 00:00:00'", "TIMESTAMP '2262-04-11 23:47:16.854775'", "'-infinity'::TIMESTAMP"],
    "TIMESTAMP '2024-01-01 00:00:00.5' + INTERVAL (i * 61) SECOND",
  ),
  ts_s: pick(
    ["TIMESTAMP_S '1970-01-01 00:00:00'"],
    "(TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i) DAY)::TIMESTAMP_S",
  ),
  ts_ms: pick(
    ["TIMESTAMP_MS '2024-01-01 00:00:00.12'"],
    "(TIMESTAMP '2024-01-01' + INTERVAL (i) MILLISECOND)::TIMESTAMP_MS",
  ),
  ts_ns: pick(["TIMESTAMP_NS '2024-01-01 00:00:00.123456789'"], "TIMESTAMP_NS '2000-01-01 00:00:00.000000001'"),
  tstz: pick(
    ["TIMESTAMPTZ '2024-06-30 23:59:59.999999+00'"],
    "TIMESTAMPTZ '2024-01-01 00:00:00+00' + INTERVAL (i) HOUR",
  ),
  iv: pick(
    ["INTERVAL '0 days'", "-INTERVAL '13 months 2 days 03:04:05.000006'", "INTERVAL '1 year'"],
    'INTERVAL (i) MINUTE + INTERVAL (i % 13) MONTH',
  ),
  id: pick(
    ["'00000000-0000-0000-0000-000000000000'::UUID", "'ffffffff-ffff-ffff-ffff-ffffffffffff'::UUID"],
    "('00000000-0000-4000-8000-' || lpad(i::VARCHAR, 12, '0'))::UUID",
  ),
  bin: pick(["from_hex('')", "from_hex('00FF5C2722417E7F')"], "encode('row ' || i)"),
  txt: pick(["''", "'=SUM(A1)'", '\'a,"b"\r\nc\'', "'中文 ünïcode'"], "'text ' || i"),
  en: pick(["'low'::ENUM('low', 'mid', 'high')"], "(['low', 'mid', 'high'])[i % 3 + 1]::ENUM('low', 'mid', 'high')"),
  list_struct: pick(
    ['[]::STRUCT(k INTEGER, s VARCHAR)[]', "[NULL, {'k': NULL, 's': 'a, b'}]"],
    "[{'k': i, 's': 'x' || i}, {'k': -i, 's': ''}]",
  ),
  ints: pick(['[NULL]::BIGINT[]', '[9223372036854775807]'], 'range(i % 4)'),
  nested: pick(["{'l': [[1], NULL, []], 'm': MAP {'k': 1}}"], "{'l': [[i], [i, i]], 'm': MAP {'k' || i: i}}"),
  m: pick(["MAP {'a=b': NULL, ' c': 'd'}", 'MAP {}::MAP(VARCHAR, VARCHAR)'], "MAP {'key': 'v' || i}"),
  // DuckDB has no CASE over ARRAY values: the lists become an ARRAY after it
  arr: `(${pick(['[1, NULL, 3]'], '[i, i + 1, i + 2]')})::INTEGER[3]`,
};

function select(wrap: (expr: string) => string): string {
  const cols = Object.entries(EVERY_TYPE_COLUMNS).map(([name, expr]) => `${wrap(expr)} AS ${name}`);
  return `SELECT ${cols.join(',\n  ')}\nFROM (SELECT range::INTEGER AS i FROM range(${EVERY_TYPE_ROWS})) ORDER BY i`;
}

export const EVERY_TYPE_SQL = select((e) => e);

/** DuckDB's own text of every value of EVERY_TYPE_SQL. */
export const EVERY_TYPE_TEXT = `SELECT COLUMNS(*)::VARCHAR FROM (${EVERY_TYPE_SQL})`;
