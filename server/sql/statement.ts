import { StatementType, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { AtlasError, badRequest } from '../errors.ts';
import { checkNamedFunctions, checkPlanFunctions } from './plan-check.ts';
import { sqlError } from './sql-error.ts';
import { splitStatements, stripLeadingComments } from './statement-split.ts';

/** Longest analyst statement accepted (characters); Superset's SQL_MAX_PARSE_LENGTH plays the same role. */
export const MAX_SQL_LENGTH = 100_000;

/**
 * Statement kinds analysts may run. DESCRIBE, SHOW, SUMMARIZE, VALUES, FROM-first, UNPIVOT and PIVOT all prepare as
 * SELECT; EXPLAIN (and EXPLAIN ANALYZE) is the only other read. Everything else is refused here, before
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
      'sql 必须是非空字符串，包含一条 SELECT（或 WITH、VALUES、DESCRIBE、SUMMARIZE、SHOW、EXPLAIN）语句',
    );
  }
  if (sql.length > MAX_SQL_LENGTH) {
    throw badRequest(
      'invalid_sql',
      `sql is ${sql.length} characters long; the limit is ${MAX_SQL_LENGTH}`,
      {
        field: 'sql',
        length: sql.length,
      },
      `sql 长度为 ${sql.length} 个字符；上限为 ${MAX_SQL_LENGTH}`,
    );
  }
  if (sql.includes('\u0000'))
    throw badRequest('invalid_sql', 'sql contains a NUL character', { field: 'sql' }, 'sql 含有 NUL 字符');
  return sql;
}

/** A temporary macro definition, the one statement the workbench runs before the query (CREATE [OR REPLACE] TEMP MACRO). */
const TEMP_MACRO = /^CREATE\s+(OR\s+REPLACE\s+)?TEMP(ORARY)?\s+(MACRO|FUNCTION)\s/i;

function tooMany(count: number, sql: string): AtlasError {
  const macroHint = /^CREATE\s+(OR\s+REPLACE\s+)?(MACRO|FUNCTION)\s/i.test(stripLeadingComments(sql))
    ? ' (a macro may come before it when it is temporary: CREATE TEMP MACRO …; SELECT …)'
    : '';
  return new AtlasError(
    'sql_refused',
    `the workbench runs exactly one statement at a time, optionally after CREATE TEMP MACRO definitions; this text holds ${count}${macroHint}`,
    400,
    { statements: count },
    `分析工作台一次只运行一条语句（之前可以有 CREATE TEMP MACRO 定义）；这段文本有 ${count} 条`,
  );
}

async function extract(con: DuckDBConnection, sql: string) {
  try {
    return await con.extractStatements(sql);
  } catch (err) {
    throw sqlError(err, sql);
  }
}

/** Run a temporary macro definition (the text said CREATE TEMP MACRO; DuckDB must agree it is a CREATE). */
async function runCreate(con: DuckDBConnection, stmt: DuckDBPreparedStatement, sql: string): Promise<void> {
  try {
    if (stmt.statementType !== StatementType.CREATE) throw tooMany(2, sql);
    await stmt.run();
  } finally {
    stmt.destroySync();
  }
}

/** What DuckDB adds around a PIVOT without an IN list: a CREATE TYPE per pivot column, in a transaction under EXPLAIN. */
const PIVOT_PARTS = new Set<StatementType>([StatementType.CREATE, StatementType.TRANSACTION]);

/**
 * Prepare the one statement of `extracted` that is not part of a PIVOT's expansion, after running the statements
 * before it (the CREATE TYPEs, on this connection only); the BEGIN and COMMIT around them under EXPLAIN are not run. Refused unless the text holds a PIVOT and DuckDB generated nothing but those parts.
 */
export async function preparePivoted(
  con: DuckDBConnection,
  extracted: Extracted,
  sql: string,
): Promise<DuckDBPreparedStatement> {
  if (extracted.count === 1) return extracted.prepare(0);
  if (!/\bpivot\b/i.test(sql)) throw tooMany(extracted.count, sql);
  let main: DuckDBPreparedStatement | null = null;
  for (let i = 0; i < extracted.count; i++) {
    const stmt = await extracted.prepare(i);
    const part = PIVOT_PARTS.has(stmt.statementType);
    if (main === null && !part) {
      main = stmt;
      continue;
    }
    try {
      if (!part) throw tooMany(extracted.count, sql);
      // only the CREATE TYPEs run: in autocommit each keeps its type for the session, and a BEGIN left open would
      // stand in the way of the next check's own expansion on this connection
      if (main === null && stmt.statementType === StatementType.CREATE) await stmt.run();
      else if (main !== null && stmt.statementType !== StatementType.TRANSACTION) throw tooMany(extracted.count, sql);
    } catch (err) {
      main?.destroySync();
      throw err;
    } finally {
      stmt.destroySync();
    }
  }
  if (main === null) throw tooMany(extracted.count, sql);
  try {
    await checkSessionObjects(con, sql);
  } catch (err) {
    main.destroySync();
    throw err;
  }
  return main;
}

type Extracted = Awaited<ReturnType<DuckDBConnection['extractStatements']>>;

/**
 * What the statements before the query may leave in the session: temporary macros and the enum types of a PIVOT
 * without an IN list. Anything else (a temporary table, view or sequence) means a statement ran that the text did not
 * show the lexer (statement-split.ts), and the text is refused; the session is closed with its job either way.
 */
async function checkSessionObjects(con: DuckDBConnection, sql: string): Promise<void> {
  const rows = (
    await con.runAndReadAll(`SELECT
      (SELECT count(*) FROM duckdb_tables() WHERE database_name = 'temp')
      + (SELECT count(*) FROM duckdb_views() WHERE database_name = 'temp' AND NOT internal)
      + (SELECT count(*) FROM duckdb_sequences() WHERE database_name = 'temp')
      + (SELECT count(*) FROM duckdb_types() WHERE database_name = 'temp' AND NOT internal
           AND NOT starts_with(type_name, '__pivot_enum_')) AS n`)
  ).getRowObjectsJS();
  if (Number(rows[0].n) !== 0) throw tooMany(2, sql);
}

/**
 * Parse `sql` on the sandbox connection and prepare its query if the text is exactly one read statement, optionally
 * after temporary macro definitions (CREATE TEMP MACRO …; SELECT …), which run first on this connection: the SQL
 * worker gives every job a connection of its own and closes it afterwards, so a macro lives and dies with its query
 * and no other analyst sees it. A PIVOT without an IN list is one statement although DuckDB expands it into a CREATE
 * TYPE per pivot column and the query; those types are made on this connection too. Several statements (also one
 * hidden after a comment) and every writing or configuration statement are refused with a message that says what is
 * allowed, and so is a query whose plan runs a table function that reads files (plan-check.ts).
 */
export async function prepareReadStatement(con: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
  const whole = await extract(con, sql);
  checkNamedFunctions(sql);
  if (whole.count === 1) return prepareQuery(con, sql, whole);
  const pieces = splitStatements(sql);
  const query = pieces.pop();
  if (query === undefined || pieces.some((p) => !TEMP_MACRO.test(stripLeadingComments(p))))
    throw tooMany(whole.count, sql);
  for (const piece of pieces) {
    const one = await extract(con, piece);
    if (one.count !== 1) throw tooMany(whole.count, sql);
    let stmt: DuckDBPreparedStatement;
    try {
      stmt = await one.prepare(0);
    } catch (err) {
      throw sqlError(err, sql);
    }
    try {
      await runCreate(con, stmt, sql);
    } catch (err) {
      throw sqlError(err, sql);
    }
  }
  const last = await extract(con, query);
  // the lexer and DuckDB must agree on where the statements are
  if (pieces.length + last.count !== whole.count) throw tooMany(whole.count, sql);
  await checkSessionObjects(con, sql);
  return prepareQuery(con, query, last);
}

/**
 * For a text the sandbox accepted (prepareReadStatement), on another connection: define its temporary macros there. An
 * export wraps the query (lastStatement) in a COPY on an instance of its own, where the macros must exist too.
 */
export async function defineMacros(con: DuckDBConnection, sql: string): Promise<void> {
  const pieces = splitStatements(sql);
  if (pieces.length <= 1) return;
  for (const piece of pieces.slice(0, -1)) {
    if (!TEMP_MACRO.test(stripLeadingComments(piece))) throw tooMany(pieces.length, sql);
    const one = await extract(con, piece);
    if (one.count !== 1) throw tooMany(pieces.length, sql);
    await runCreate(con, await one.prepare(0), sql);
  }
}

/** The query of a text the sandbox accepted: its last statement, after any temporary macro definitions. */
export function lastStatement(sql: string): string {
  const pieces = splitStatements(sql);
  return pieces.length > 1 ? pieces[pieces.length - 1] : sql;
}

async function prepareQuery(
  con: DuckDBConnection,
  sql: string,
  extracted: Extracted,
): Promise<DuckDBPreparedStatement> {
  let stmt: DuckDBPreparedStatement;
  try {
    stmt = await preparePivoted(con, extracted, sql);
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
        '请把 EXPLAIN 或 EXPLAIN ANALYZE 直接写在它所解释的语句之前，中间不要有注释',
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
      `${kind} statements are not allowed in the analyst workbench: it only reads (SELECT, WITH, VALUES, FROM, DESCRIBE, SUMMARIZE, SHOW, PIVOT, UNPIVOT, EXPLAIN, after CREATE TEMP MACRO definitions)`,
      400,
      { statement_type: kind },
      `分析工作台不允许 ${kind} 语句：它只读取（SELECT、WITH、VALUES、FROM、DESCRIBE、SUMMARIZE、SHOW、PIVOT、UNPIVOT、EXPLAIN，可在前面用 CREATE TEMP MACRO 定义宏）`,
    );
  }
  try {
    await checkPlanFunctions(con, sql, (ex) => preparePivoted(con, ex, sql));
  } catch (err) {
    stmt.destroySync();
    throw sqlError(err, sql);
  }
  return stmt;
}

/** The statement after a leading EXPLAIN [ANALYZE], or null when comments or anything unexpected stand in the way. */
export function explainedStatement(sql: string): string | null {
  const rest = stripLeadingComments(sql);
  const m = /^EXPLAIN(\s+ANALY[SZ]E)?\s+(?!\/\*|--)/i.exec(rest);
  return m ? rest.slice(m[0].length) : null;
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
