import {
  DuckDBResultReader,
  BOOLEAN,
  DOUBLE,
  DuckDBTypeId,
  LIST,
  VARCHAR,
  listValue,
  type DuckDBConnection,
  type DuckDBPreparedStatement,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { Table } from 'apache-arrow';
import { arrowFields, duckdbResultToArrow } from './arrow.ts';

/** A value bound to a named SQL parameter ($name). Arrays bind as LIST(VARCHAR) or LIST(DOUBLE). */
export type SqlParam = string | number | boolean | bigint | null | readonly string[] | readonly number[];
export type SqlParams = Record<string, SqlParam>;

/** A row as the API and the CLI see it: BIGINT/HUGEINT/DECIMAL as numbers, DATE as 'YYYY-MM-DD', TIMESTAMP as ISO text. */
export type Row = Record<string, unknown>;

/**
 * Prepare `sql` and bind the parameters it declares. Parameters the statement does not use are ignored (so one filter
 * object can serve every query); a declared parameter that is missing is an error. User input only ever reaches SQL here,
 * as bound values, never as text.
 */
export async function prepareBound(
  con: DuckDBConnection,
  sql: string,
  params: SqlParams = {},
): Promise<DuckDBPreparedStatement> {
  const stmt = await con.prepare(sql);
  const values: Record<string, DuckDBValue> = {};
  const types: Record<string, DuckDBType | undefined> = {};
  for (let i = 1; i <= stmt.parameterCount; i++) {
    const name = stmt.parameterName(i);
    if (!Object.hasOwn(params, name)) throw new Error(`query parameter $${name} was not given`);
    const v = params[name];
    if (Array.isArray(v)) {
      const numeric = v.length > 0 && v.every((x) => typeof x === 'number');
      values[name] = listValue(v as DuckDBValue[]);
      types[name] = LIST(numeric ? DOUBLE : VARCHAR);
    } else if (typeof v === 'number') {
      values[name] = v;
      types[name] = DOUBLE;
    } else if (typeof v === 'boolean') {
      values[name] = v;
      types[name] = BOOLEAN;
    } else if (typeof v === 'string') {
      values[name] = v;
      types[name] = VARCHAR;
    } else {
      values[name] = v as DuckDBValue;
    }
  }
  if (stmt.parameterCount > 0) stmt.bind(values, types);
  return stmt;
}

/** Run one statement and return its rows as plain objects (see Row). */
export async function queryRows<T extends Row = Row>(
  con: DuckDBConnection,
  sql: string,
  params: SqlParams = {},
): Promise<T[]> {
  const stmt = await prepareBound(con, sql, params);
  return readerRows(await stmt.runAndReadAll()) as T[];
}

/** Run one statement and return its first row, or undefined. */
export async function queryOne<T extends Row = Row>(
  con: DuckDBConnection,
  sql: string,
  params: SqlParams = {},
): Promise<T | undefined> {
  return (await queryRows<T>(con, sql, params))[0];
}

/** Run one statement for its effect. */
export async function execute(con: DuckDBConnection, sql: string, params: SqlParams = {}): Promise<void> {
  const stmt = await prepareBound(con, sql, params);
  await stmt.run();
}

/** Run one statement and convert the result to an Arrow table through the raw-vector fast path (arrow.ts). */
export async function queryArrow(con: DuckDBConnection, sql: string, params: SqlParams = {}): Promise<Table> {
  const stmt = await prepareBound(con, sql, params);
  return duckdbResultToArrow(await stmt.run());
}

/** A result as the JSON of a tabular answer: column names with their Arrow types, and plain rows (see Row). */
export interface RowsTable {
  columns: { name: string; type: string }[];
  rows: Row[];
}

/** Run one statement and return its rows with their columns' Arrow types (a table's JSON and CSV forms). */
export async function queryRowsTable(con: DuckDBConnection, sql: string, params: SqlParams = {}): Promise<RowsTable> {
  const stmt = await prepareBound(con, sql, params);
  const result = await stmt.run();
  const columns = arrowFields(result).map((f) => ({ name: f.name, type: String(f.type) }));
  const reader = new DuckDBResultReader(result);
  await reader.readAll();
  return { columns, rows: readerRows(reader) };
}

/** Column types whose JS values are already plain (number, string, boolean or null). */
const PLAIN_TYPES = new Set([
  DuckDBTypeId.BOOLEAN,
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.VARCHAR,
]);

export function readerRows(reader: DuckDBResultReader): Row[] {
  // column by column, converting only the columns that need it: a scored cell panel (1,188 rows × 24 columns) took
  // 15 ms through row objects and plainValue on every value, 2.4 ms this way (medians of 60)
  const all = reader.columnNames();
  const keep = all.flatMap((name, c) => (all.indexOf(name) === c ? [c] : [])); // a repeated name keeps its first column
  const names = keep.map((c) => all[c]);
  const types = reader.columnTypes();
  const typeIds = keep.map((c) => types[c].typeId);
  const plain = typeIds.map((t) => PLAIN_TYPES.has(t));
  const values = reader.getColumnsJS();
  const columns = keep.map((c) => values[c]);
  const rows: Row[] = new Array(reader.currentRowCount);
  for (let r = 0; r < rows.length; r++) {
    const row: Row = {};
    for (let c = 0; c < names.length; c++) {
      const v = columns[c][r];
      row[names[c]] = plain[c] ? (v ?? null) : plainValue(v, typeIds[c] === DuckDBTypeId.DATE ? 'date' : 'value');
    }
    rows[r] = row;
  }
  return rows;
}

/**
 * The one conversion of a database value to JSON, for rows read from DuckDB and from Arrow alike: BIGINT, HUGEINT and
 * DECIMAL as numbers, a DATE as 'YYYY-MM-DD', a timestamp as ISO text, lists and structs value by value. `kind` says
 * how to read a date or timestamp given as milliseconds (Arrow gives numbers, DuckDB's JS values are Date objects).
 */
export function plainValue(v: unknown, kind: 'date' | 'timestamp' | 'value'): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (kind !== 'value') {
    const iso = new Date(v instanceof Date ? v.getTime() : Number(v)).toISOString();
    return kind === 'date' ? iso.slice(0, 10) : iso;
  }
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map((x) => plainValue(x, 'value'));
  if (typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, plainValue(x, 'value')]),
    );
  }
  return v;
}
