/**
 * Builds the set-based SQL that turns a source relation (every column as read from the file) into the typed staging
 * table `ingest_stage`: one pass that parses every value, maps enumerations and codes, checks references and records,
 * per row, the list of problems (`errs`, NULL for a clean row). Identifiers come only from the kind specs (kinds.ts)
 * and from column names the reader has already matched against them; file content is only ever data.
 */
import { KINDS, type ColumnSpec, type KindSpec, type ValueType } from './kinds.ts';
import { quoteString } from '../db/sql-text.ts';
import { stageScopeParts, type StageScope } from './scope-sql.ts';

/** How the reader exposes one spec column: an SQL expression over the source alias `s`, and its DuckDB type. */
export interface SourceColumn {
  expr: string;
  /** DuckDB type of expr; 'VARCHAR' for text that must be parsed. */
  type: string;
}

export interface StageSource {
  /** FROM clause item, aliased `s` by the builder. */
  relation: string;
  /** SQL for the line (CSV record number, header = 1) or 1-based row number. */
  line: string;
  columns: Map<string, SourceColumn>;
}

const DATE_MIN = `DATE '1990-01-01'`;
const DATE_MAX = `DATE '2099-12-31'`;
const NUMERIC_NATIVE =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$/;
const INTEGER_NATIVE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/;

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a spec identifier: ${name}`);
  return name;
};

/** A text value as a number: plain digits or thousands separators, nothing a lenient cast would also take (1e3, 0x1F). */
function parseNumber(v: string, target: string, allowFraction: boolean): string {
  const frac = allowFraction ? String.raw`(\.\d+)?` : String.raw`(\.0+)?`;
  const exp = target === 'DOUBLE' ? String.raw`([eE][+-]?\d+)?` : '';
  return (
    `CASE WHEN regexp_full_match(${v}, '[+-]?\\d+${frac}${exp}') THEN TRY_CAST(${v} AS ${target}) ` +
    `WHEN regexp_full_match(${v}, '[+-]?\\d{1,3}(,\\d{3})+${frac}${exp}') THEN TRY_CAST(replace(${v}, ',', '') AS ${target}) END`
  );
}

/** 2025-03-01, 2025/3/1, 2025.3.1, 20250301, 2025年3月1日, and timestamps (the time is dropped). */
export function parseDateSql(v: string): string {
  const general =
    `regexp_replace(regexp_replace(${v}, '^(\\d{4})(\\d{2})(\\d{2})$', '\\1-\\2-\\3'), ` +
    `'^(\\d{4})(?:[-/.]|年)(\\d{1,2})(?:[-/.]|月)(\\d{1,2})日?(?:[ T]\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?\\s*(?:Z|[+-]\\d{2}:?\\d{2})?)?$', '\\1-\\2-\\3')`;
  return (
    `coalesce(CASE WHEN regexp_full_match(${v}, '\\d{4}-\\d{2}-\\d{2}') THEN TRY_CAST(${v} AS DATE) END, ` +
    `CASE WHEN regexp_full_match(${general}, '\\d{4}-\\d{1,2}-\\d{1,2}') THEN TRY_CAST(${general} AS DATE) END)`
  );
}

/** 2025-03, 2025/3, 202503, 2025年3月, or any accepted date (taken as its month). */
export function parseMonthSql(v: string): string {
  const month = `regexp_replace(regexp_replace(${v}, '^(\\d{4})(\\d{2})$', '\\1-\\2'), '^(\\d{4})(?:[-/.]|年)(\\d{1,2})月?$', '\\1-\\2-1')`;
  return (
    `coalesce(CASE WHEN regexp_full_match(${month}, '\\d{4}-\\d{1,2}-1') THEN TRY_CAST(${month} AS DATE) END, ` +
    `CAST(date_trunc('month', ${parseDateSql(v)}) AS DATE))`
  );
}

const BOOL_TRUE = `('true', 't', '1', 'y', 'yes', '是')`;
const BOOL_FALSE = `('false', 'f', '0', 'n', 'no', '否')`;

/** Typed value of a column from its raw value `r` (already trimmed, '' as NULL). Enumerations come from joins. */
function typedSql(col: ColumnSpec, r: string, srcType: string): string {
  const type = col.type;
  const text = srcType === 'VARCHAR' ? r : `CAST(${r} AS VARCHAR)`;
  switch (type.t) {
    case 'text':
      return text;
    case 'enum':
    case 'region':
    case 'sector':
      return `m_${col.name}.code`;
    case 'date':
      if (srcType === 'DATE') return r;
      if (srcType.startsWith('TIMESTAMP')) return `CAST(${r} AS DATE)`;
      return parseDateSql(text);
    case 'month':
      if (srcType === 'DATE' || srcType.startsWith('TIMESTAMP')) return `CAST(date_trunc('month', ${r}) AS DATE)`;
      return parseMonthSql(text);
    case 'int':
      if (INTEGER_NATIVE.test(srcType)) return `TRY_CAST(${r} AS BIGINT)`;
      if (NUMERIC_NATIVE.test(srcType)) return `CASE WHEN ${r} = round(${r}) THEN TRY_CAST(${r} AS BIGINT) END`;
      return parseNumber(text, 'BIGINT', false);
    case 'money':
      if (NUMERIC_NATIVE.test(srcType)) return `TRY_CAST(${r} AS DECIMAL(18, 2))`;
      return parseNumber(text, 'DECIMAL(18, 2)', true);
    case 'double':
      if (NUMERIC_NATIVE.test(srcType)) return `TRY_CAST(${r} AS DOUBLE)`;
      return parseNumber(text, 'DOUBLE', true);
    case 'bool':
      if (srcType === 'BOOLEAN') return r;
      return `CASE WHEN lower(${text}) IN ${BOOL_TRUE} THEN true WHEN lower(${text}) IN ${BOOL_FALSE} THEN false END`;
    case 'json':
      return `CASE WHEN json_valid(${text}) THEN CAST(${text} AS JSON) END`;
  }
}

function parseFailureCode(type: ValueType): string {
  switch (type.t) {
    case 'text':
      return 'missing_value';
    case 'enum':
      return 'unknown_enum';
    case 'region':
      return 'unknown_region';
    case 'sector':
      return 'unknown_sector';
    case 'date':
      return 'unparseable_date';
    case 'month':
      return 'unparseable_month';
    case 'int':
    case 'money':
    case 'double':
      return 'unparseable_number';
    case 'bool':
      return 'unparseable_boolean';
    case 'json':
      return 'invalid_json';
  }
}

/** The checks of one column in order, each a condition and the reason it means (null: stop, the value is fine). */
function columnChecks(col: ColumnSpec, r: string, v: string, k: string, srcType: string): [string, string | null][] {
  const checks: [string, string | null][] = [[`${r} IS NULL`, col.required ? 'missing_value' : null]];
  if (col.type.t !== 'text') checks.push([`${v} IS NULL`, parseFailureCode(col.type)]);
  if (col.type.t === 'text' && srcType === 'VARCHAR') {
    // OWASP CSV injection: a cell starting with = + - @ runs as a formula in a spreadsheet, unless it is a plain number.
    // The CASE keeps the regex off the common path (the optimizer would evaluate it first in a plain AND).
    checks.push([
      `CASE WHEN ascii(${r}) IN (43, 45, 61, 64) THEN NOT regexp_full_match(${r}, '[+-]?\\d+(\\.\\d+)?') ELSE false END`,
      'formula_injection',
    ]);
  }
  if (col.type.t === 'int' || col.type.t === 'money' || col.type.t === 'double')
    checks.push([`${v} < 0`, 'negative_value']);
  if (col.type.t === 'double' && col.type.max !== undefined)
    checks.push([`${v} > ${Number(col.type.max)}`, 'out_of_range']);
  if (col.type.t === 'date' || col.type.t === 'month')
    checks.push([`${v} NOT BETWEEN ${DATE_MIN} AND ${DATE_MAX}`, 'out_of_range']);
  if (col.references) checks.push([`${k} IS NULL`, 'unknown_reference']);
  return checks;
}

/** The reason code of the first failing check, or NULL (evaluated only for rows already known to be bad). */
function reasonSql(checks: [string, string | null][]): string {
  return `CASE ${checks.map(([when, code]) => `WHEN ${when} THEN ${code ? `'${code}'` : 'NULL'}`).join(' ')} END`;
}

/**
 * The same checks as one boolean (true: some check fails), cheap on the common path: OR/AND short-circuit on DuckDB's
 * selection vectors where a many-branch CASE per column does not. A null-reason check that holds stops the chain.
 */
function badSql(checks: [string, string | null][]): string {
  let expr = 'false';
  for (const [when, code] of [...checks].reverse())
    expr = code ? `(${when}) OR ${expr}` : `NOT (${when}) AND (${expr})`;
  return `(${expr})`;
}

function referenceJoin(spec: KindSpec, col: ColumnSpec, source: StageSource): string {
  const ref = col.references!;
  const target = KINDS[ref.kind];
  const refCol = ident(ref.column);
  let keys = `SELECT ${refCol} AS k FROM ${target.tableSql}`;
  if (ref.kind === spec.kind) {
    // A reference to the same kind may also point at another row of this file.
    const own = source.columns.get(refCol);
    if (own) keys += ` UNION SELECT nullif(trim(CAST(${own.expr} AS VARCHAR)), '') FROM ${source.relation} s`;
  }
  return `LEFT JOIN (SELECT DISTINCT k FROM (${keys})) f_${col.name} ON f_${col.name}.k = CAST(r.r_${col.name} AS VARCHAR)`;
}

function enumJoin(col: ColumnSpec): string {
  const name = col.type.t === 'enum' ? col.type.enumName : col.type.t;
  if (!/^[a-z_]+$/.test(name)) throw new Error(`not an enum name: ${name}`);
  return `LEFT JOIN ingest_enum_map m_${col.name} ON m_${col.name}.enum_name = '${name}' AND m_${col.name}.k = lower(CAST(r.r_${col.name} AS VARCHAR))`;
}

/**
 * nullif(trim(v), '') without calling trim on the usual value, which needs none. DuckDB's trim strips the Unicode space
 * separators (category Zs) and decodes every character to find them, and nullif repeats its argument. Of those
 * separators only the plain space is ASCII, so a value that is all ASCII (as many bytes as characters), starts with a
 * printable character and does not end with a space is already trimmed and not empty; anything else still goes
 * through trim. Three cheap tests in place of one suffix() per separator: 0.6 s instead of 1.5 s for the eight text
 * columns of a 10M-row file (the checks alone, back to back). Only for a plain column reference, since `v` is repeated.
 */
function trimmedSql(v: string): string {
  if (!/^s\.(c\d+|"[^"]+")$/.test(v)) return `nullif(trim(${v}), '')`;
  return `CASE WHEN ascii(${v}) BETWEEN 33 AND 126 AND strlen(${v}) = length(${v}) AND NOT suffix(${v}, ' ') THEN ${v} ELSE nullif(trim(${v}), '') END`;
}

/** A column's raw value as read: trimmed text with '' as NULL (or the native value), or the spec's default. */
function rawSql(col: ColumnSpec, source: StageSource): string {
  const src = source.columns.get(col.name);
  const srcType = src?.type ?? 'VARCHAR';
  const raw = !src ? 'NULL::VARCHAR' : srcType === 'VARCHAR' ? trimmedSql(src.expr) : src.expr;
  return col.defaultText !== undefined ? `coalesce(${raw}, ${quoteString(col.defaultText)})` : raw;
}

/** Line and key columns straight from the source, without the rest of the validation (cheap on large files). */
export function buildKeysSql(spec: KindSpec, source: StageSource): string {
  const keys = spec.key.map(
    (k) =>
      `CAST(${rawSql(
        spec.columns.find((c) => c.name === k)!,
        source,
      )} AS VARCHAR) AS ${ident(k)}`,
  );
  return `SELECT ${source.line} AS line, ${keys.join(', ')} FROM ${source.relation} s`;
}

/**
 * Duplicate keys in two steps. `candidates` groups the rows by a 64-bit hash of the key only (an aggregate of fixed-size
 * values: 3.8 s instead of 9.1 s for the key strings of a 10M-row file, measured back to back);
 * `keys` then finds the keys that really repeat, reading only the rows whose hash is a candidate. When there are no
 * candidates (the usual case) there are no duplicates, and the second step is skipped. A hash collision only makes a
 * candidate, never a duplicate: `keys` compares the keys themselves.
 */
export function buildDuplicateKeysSql(spec: KindSpec, source: StageSource): { candidates: string; keys: string } {
  const notNull = spec.key.map((k) => `${k} IS NOT NULL`).join(' AND ');
  const hash = `hash(${spec.key.join(', ')})`;
  const keys = buildKeysSql(spec, source);
  return {
    candidates: `CREATE TEMP TABLE ingest_dup_hashes AS SELECT ${hash} AS h
FROM (${keys}) WHERE ${notNull} GROUP BY h HAVING count(*) > 1`,
    keys: `CREATE TEMP TABLE ingest_dups AS SELECT ${spec.key.join(', ')}, count(*) AS n
FROM (${keys}) WHERE ${notNull} AND ${hash} IN (SELECT h FROM ingest_dup_hashes) GROUP BY ALL HAVING count(*) > 1`,
  };
}

/**
 * The staging relation `ingest_stage` (line, <spec columns typed>, errs) as a temporary VIEW: on a large file it is
 * computed inside each statement that reads it (the insert of clean rows, and the rejects only when there are some)
 * instead of being materialised, which would cost a full extra write and spill past the memory limit.
 * With `dups`, rows whose key is in ingest_dups carry a duplicate_key problem; with `scope` (a scoped steward), rows
 * outside it, or replacing a record outside it, carry an out_of_scope problem (scope-sql.ts).
 */
export function buildStageSql(
  spec: KindSpec,
  source: StageSource,
  opts: { dups: boolean; scope?: StageScope | null },
): string {
  const raw: string[] = [`${source.line} AS line`];
  const typed: string[] = [];
  const joins: string[] = [];
  const bads: string[] = [];
  const errItems: string[] = [];
  for (const col of spec.columns) {
    const name = ident(col.name);
    const srcType = source.columns.get(name)?.type ?? 'VARCHAR';
    raw.push(`${rawSql(col, source)} AS r_${name}`);
    typed.push(`${typedSql(col, `r.r_${name}`, srcType)} AS ${name}`);
    if (col.type.t === 'enum' || col.type.t === 'region' || col.type.t === 'sector') joins.push(enumJoin(col));
    if (col.references) {
      joins.push(referenceJoin(spec, col, source));
      typed.push(`f_${name}.k AS k_${name}`);
    }
    const cc = columnChecks(col, `r_${name}`, name, `k_${name}`, srcType);
    bads.push(badSql(cc));
    errItems.push(`{'f': '${name}', 'v': left(CAST(r_${name} AS VARCHAR), 200), 'c': ${reasonSql(cc)}}`);
  }
  for (const rc of spec.rowChecks ?? []) {
    bads.push(`coalesce(${rc.when}, false)`);
    errItems.push(
      `{'f': '${ident(rc.field)}', 'v': left(CAST(r_${ident(rc.field)} AS VARCHAR), 200), 'c': CASE WHEN ${rc.when} THEN '${ident(rc.code)}' END}`,
    );
  }
  if (opts.dups) {
    const keyText = spec.key.map((k) => `CAST(r_${k} AS VARCHAR)`).join(` || '|' || `);
    joins.push(`LEFT JOIN ingest_dups d ON ${spec.key.map((k) => `d.${k} = CAST(r.r_${k} AS VARCHAR)`).join(' AND ')}`);
    typed.push(`d.n AS dup_n`);
    bads.push('dup_n IS NOT NULL');
    errItems.push(
      `{'f': '${spec.key.join('|')}', 'v': left(${keyText}, 200), 'c': CASE WHEN dup_n IS NOT NULL THEN 'duplicate_key' END}`,
    );
  }
  if (opts.scope) {
    const part = stageScopeParts(spec, opts.scope);
    joins.push(...part.joins);
    typed.push(...part.typed);
    bads.push(part.bad);
    errItems.push(part.errItem);
  }
  return `CREATE TEMP VIEW ingest_stage AS
WITH r AS (SELECT ${raw.join(', ')} FROM ${source.relation} s),
p AS (SELECT r.*, ${typed.join(', ')} FROM r ${joins.join(' ')}),
c AS (SELECT p.*, ${bads.join(' OR ')} AS bad FROM p)
SELECT line, ${spec.columns.map((c) => c.name).join(', ')}, bad,
  CASE WHEN bad THEN list_filter([${errItems.join(', ')}], lambda e: e.c IS NOT NULL) END AS errs
FROM c`;
}
