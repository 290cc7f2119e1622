import fs from 'node:fs';
import path from 'node:path';
import {
  DuckDBInstance,
  DuckDBTypeId,
  StatementType,
  type DuckDBConnection,
  type DuckDBPreparedStatement,
} from '@duckdb/node-api';
import { quoteIdent, quoteString } from '../db/sql-text.ts';
import { AtlasError } from '../errors.ts';
import { uniqueNames } from './chunks.ts';
import { openHidden, type HiddenInstance } from './hidden-open.ts';
import { readOnlyOptions, type SandboxConfig } from './snapshot.ts';
import { preparePivoted } from './statement.ts';

/**
 * Text that would make a spreadsheet run a cell as a formula gets a leading apostrophe, as csvCell does for every CSV
 * of the product (numbers written as text, like "-5", are left alone).
 */
function formulaGuard(col: string): string {
  return `CASE WHEN regexp_matches(${col}, '^[=+\\-@\\t\\r]') AND NOT regexp_matches(${col}, '^[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?$') THEN '''' || ${col} ELSE ${col} END`;
}

/**
 * One column as the COPY writes it. Parquet has no 128-bit integer and DuckDB writes HUGEINT and UHUGEINT (what sum()
 * of integers gives) as DOUBLE, losing digits past 2^53: they go as DECIMAL(38,0) instead, exact, and a value of 39
 * digits stops the export with DuckDB's conversion error rather than being rounded.
 */
function exportColumn(format: 'csv' | 'parquet', type: DuckDBTypeId, col: string): string {
  if (format === 'csv') return type === DuckDBTypeId.VARCHAR ? formulaGuard(col) : col;
  return type === DuckDBTypeId.HUGEINT || type === DuckDBTypeId.UHUGEINT ? `CAST(${col} AS DECIMAL(38,0))` : col;
}

/**
 * The COPY statement that writes an accepted analyst statement's full result to `out`. The analyst text sits inside a
 * subquery whose columns are renamed by position (c0, c1, …), and the select list is spelled by code from the names
 * and types the sandbox prepared, so nothing the analyst wrote becomes part of the COPY's own clauses.
 */
export function copyStatement(
  sql: string,
  stmt: DuckDBPreparedStatement,
  format: 'csv' | 'parquet',
  out: string,
): string {
  const n = stmt.columnCount;
  const names = uniqueNames(Array.from({ length: n }, (_, i) => stmt.columnName(i)));
  const positional = names.map((_, i) => `c${i}`);
  const select = names.map(
    (name, i) => `${exportColumn(format, stmt.columnTypeId(i), `c${i}`)} AS ${quoteIdent(name)}`,
  );
  const body = sql.replace(/;\s*$/, '');
  const options = format === 'csv' ? `FORMAT csv, HEADER true, NEW_LINE '\\r\\n'` : 'FORMAT parquet, COMPRESSION zstd';
  return `COPY (SELECT ${select.join(', ')} FROM (\n${body}\n) AS q(${positional.join(', ')})) TO ${quoteString(out)} (${options})`;
}

/**
 * A second instance on the same read-only snapshot for one export, run by trusted code: it may write files, but only
 * into `dir` (a fresh folder of this export), and its settings are locked before any statement holding analyst text
 * runs. The analyst text only reaches it after the sandbox accepted it as one read statement, and the wrapped COPY is
 * checked again to be exactly one COPY, so the text cannot end the subquery and add clauses of its own.
 */
export async function openExportInstance(file: string, dir: string, config: SandboxConfig): Promise<HiddenInstance> {
  fs.mkdirSync(dir, { recursive: true });
  // through a removed link, like the sandbox instance (hidden-open.ts): the select inside the COPY cannot read the file
  return openHidden(file, async (link) => {
    const instance = await DuckDBInstance.create(link, readOnlyOptions(config));
    const con = await instance.connect();
    try {
      await con.run(`SET allowed_directories = [${quoteString(path.resolve(dir) + '/')}]`);
      await con.run('SET enable_external_access = false');
      await con.run('SET lock_configuration = true');
    } catch (err) {
      con.closeSync();
      instance.closeSync();
      throw err;
    }
    con.closeSync();
    return instance;
  });
}

/**
 * Prepare the wrapped COPY, refusing it unless it is still exactly one COPY statement. `query` is the analyst's query
 * inside it: a PIVOT without an IN list makes DuckDB put its CREATE TYPEs before the COPY, which run on this
 * connection first (preparePivoted refuses anything else).
 */
export async function prepareCopy(
  con: DuckDBConnection,
  copySql: string,
  query: string,
): Promise<DuckDBPreparedStatement> {
  const extracted = await con.extractStatements(copySql);
  // a refusal of the expansion (not DuckDB's own error) means the COPY is not one statement
  const stmt = await preparePivoted(con, extracted, query).catch((err: unknown) => {
    if (err instanceof AtlasError) return null;
    throw err;
  });
  if (stmt?.statementType === StatementType.COPY) return stmt;
  stmt?.destroySync();
  throw new AtlasError(
    'sql_refused',
    'this statement cannot be exported; export a query (SELECT, WITH, VALUES, FROM …)',
    400,
    undefined,
    '此语句不能导出；请导出一个查询（SELECT、WITH、VALUES、FROM …）',
  );
}
