import { StatementType, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { AtlasError, badRequest } from '../errors.ts';
import { sqlError } from './sql-error.ts';

/** Longest analyst statement accepted (characters); Superset's SQL_MAX_PARSE_LENGTH plays the same role. */
export const MAX_SQL_LENGTH = 100_000;

/**
 * Statement kinds analysts may run. DESCRIBE, SHOW, SUMMARIZE, VALUES, FROM-first, UNPIVOT and PIVOT with an IN list
 * all prepare as SELECT; EXPLAIN (and EXPLAIN ANALYZE) is the only other read. Everything else is refused here, before
 * it runs, even though the read-only sandbox would refuse most of it too.
 */
const READ_TYPES = new Set<StatementType>([StatementType.SELECT, StatementType.EXPLAIN]);

const TYPE_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(StatementType)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => [v as number, k]),
);

export function statementTypeName(type: StatementType): string {
  return TYPE_NAMES[type] ?? `type ${type}`;
}

/** Check the text before DuckDB sees it: a non-empty string of bounded length. */
export function checkSqlText(sql: unknown): string {
  if (typeof sql !== 'string' || sql.trim() === '') {
    throw badRequest(
      'invalid_sql',
      'sql must be a non-empty string holding one SELECT (or WITH, VALUES, DESCRIBE, SUMMARIZE, SHOW, EXPLAIN) statement',
      { field: 'sql' },
    );
  }
  if (sql.length > MAX_SQL_LENGTH) {
    throw badRequest('invalid_sql', `sql is ${sql.length} characters long; the limit is ${MAX_SQL_LENGTH}`, {
      field: 'sql',
      length: sql.length,
    });
  }
  if (sql.includes('\u0000')) throw badRequest('invalid_sql', 'sql contains a NUL character', { field: 'sql' });
  return sql;
}

/**
 * Parse `sql` on the sandbox connection and prepare it if it is exactly one read statement. Multiple statements (also
 * one hidden after a comment, or the CREATE TYPE a PIVOT without IN list expands to) and every writing or
 * configuration statement are refused with a message that says what is allowed.
 */
export async function prepareReadStatement(con: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
  let extracted;
  try {
    extracted = await con.extractStatements(sql);
  } catch (err) {
    throw sqlError(err, sql);
  }
  if (extracted.count !== 1) {
    const pivotHint = /\bpivot\b/i.test(sql)
      ? " (a PIVOT without an IN list expands to several statements: list the values, e.g. PIVOT t ON col IN ('a', 'b'))"
      : '';
    throw new AtlasError(
      'sql_refused',
      `the workbench runs exactly one statement at a time; this text holds ${extracted.count}${pivotHint}`,
      400,
      { statements: extracted.count },
    );
  }
  let stmt: DuckDBPreparedStatement;
  try {
    stmt = await extracted.prepare(0);
  } catch (err) {
    throw sqlError(err, sql);
  }
  if (stmt.statementType === StatementType.EXPLAIN) {
    // EXPLAIN ANALYZE runs the statement it explains, so that statement must be a read too.
    const inner = explainedStatement(sql);
    if (inner === null) {
      stmt.destroySync();
      throw new AtlasError(
        'sql_refused',
        'write EXPLAIN or EXPLAIN ANALYZE directly before the statement it explains, without comments between them',
        400,
        {
          statement_type: 'EXPLAIN',
        },
      );
    }
    try {
      (await prepareReadStatement(con, inner)).destroySync();
    } catch (err) {
      stmt.destroySync();
      throw err;
    }
    return stmt;
  }
  if (!READ_TYPES.has(stmt.statementType)) {
    const kind = statementTypeName(stmt.statementType);
    stmt.destroySync();
    throw new AtlasError(
      'sql_refused',
      `${kind} statements are not allowed in the analyst workbench: it only reads (SELECT, WITH, VALUES, FROM, DESCRIBE, SUMMARIZE, SHOW, PIVOT … IN, EXPLAIN)`,
      400,
      { statement_type: kind },
    );
  }
  return stmt;
}

/** The statement after a leading EXPLAIN [ANALYZE], or null when comments or anything unexpected stand in the way. */
export function explainedStatement(sql: string): string | null {
  const leading = /^(\s+|--[^\n]*(\n|$)|\/\*[^*]*\*+([^/*][^*]*\*+)*\/)*/.exec(sql)![0];
  const m = /^EXPLAIN(\s+ANALY[SZ]E)?\s+(?!\/\*|--)/i.exec(sql.slice(leading.length));
  return m ? sql.slice(leading.length + m[0].length) : null;
}

/**
 * The statement with the row cap pushed into it (`SELECT * FROM (<sql>) LIMIT n`), so DuckDB can plan a top-N instead
 * of a full sort. Only used when the wrapped text is again exactly one SELECT; otherwise (EXPLAIN, a trailing
 * semicolon inside a comment, PRAGMA shortcuts) the caller keeps the original and stops reading after n rows.
 * The newline before ")" keeps a trailing line comment from swallowing it.
 */
export async function prepareCapped(
  con: DuckDBConnection,
  sql: string,
  rows: number,
): Promise<DuckDBPreparedStatement | null> {
  const body = sql.replace(/;\s*$/, '');
  const wrapped = `SELECT * FROM (\n${body}\n) LIMIT ${Math.floor(rows)}`;
  try {
    const extracted = await con.extractStatements(wrapped);
    if (extracted.count !== 1) return null;
    const stmt = await extracted.prepare(0);
    if (stmt.statementType !== StatementType.SELECT) {
      stmt.destroySync();
      return null;
    }
    return stmt;
  } catch {
    return null;
  }
}
