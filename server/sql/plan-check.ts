import { StatementType, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { AtlasError } from '../errors.ts';
import { maskLiterals } from './statement-split.ts';

/**
 * Table functions an analyst statement may run. With external access disabled DuckDB still lets a statement read the
 * instance's spill folder (its temp_directory is always an allowed directory, and cannot be taken off the list), so
 * glob(), read_blob(), read_text(), read_csv() and the other readers would list and read the spill files of every
 * query on the instance. Whatever is not named here is refused once the statement is bound, so a reader added by a
 * later DuckDB, or one reached through a macro or query(), is refused too. Left out on purpose: every file reader,
 * query()/query_table() (they run text this check never saw), functions that change the session (checkpoint,
 * enable_logging, enable_profiling, …), and catalogue functions that show files, secrets, logs or other sessions
 * (duckdb_temporary_files, duckdb_extensions, duckdb_secrets, duckdb_logs, duckdb_connection_count, …). DuckDB turns
 * every path it is given into an absolute one, so duckdb_settings() (allowed_paths, allowed_directories) and
 * duckdb_databases() (path) would show the snapshot folder's absolute path: they are left out too.
 */
export const ALLOWED_TABLE_FUNCTIONS: ReadonlySet<string> = new Set([
  'seq_scan',
  'range',
  'generate_series',
  'unnest',
  'repeat',
  'repeat_row',
  'json_each',
  'json_tree',
  'summary',
  'test_all_types',
  'test_vector_types',
  'pg_timezone_names',
  'icu_calendar_names',
  'sql_auto_complete',
  'pragma_table_info',
  'pragma_show',
  'pragma_collations',
  'pragma_version',
  'pragma_platform',
  'pragma_user_agent',
  'pragma_database_size',
  'pragma_storage_info',
  'duckdb_columns',
  'duckdb_constraints',
  'duckdb_coordinate_systems',
  'duckdb_dependencies',
  'duckdb_functions',
  'duckdb_indexes',
  'duckdb_keywords',
  'duckdb_memory',
  'duckdb_optimizers',
  'duckdb_prepared_statements',
  'duckdb_schemas',
  'duckdb_sequences',
  'duckdb_table_sample',
  'duckdb_tables',
  'duckdb_types',
  'duckdb_variables',
  'duckdb_views',
]);

interface PlanNode {
  name?: string;
  children?: PlanNode[];
  extra_info?: Record<string, unknown>;
}

/** The table functions a bound plan runs (DuckDB names each table-function scan's function in its extra_info). */
export function planFunctions(plan: unknown): string[] {
  const out: string[] = [];
  const walk = (node: PlanNode) => {
    const fn = node.extra_info?.Function;
    if (typeof fn === 'string') out.push(fn.toLowerCase());
    for (const child of node.children ?? []) walk(child);
  };
  for (const node of Array.isArray(plan) ? (plan as PlanNode[]) : [plan as PlanNode]) walk(node);
  return out;
}

/**
 * Bind `sql` (one read statement the sandbox accepted) once more under EXPLAIN and refuse it when its plan runs a
 * table function outside ALLOWED_TABLE_FUNCTIONS. The plan is DuckDB's own, after macros and views are expanded, so
 * nothing the text spells differently escapes it. The CREATE TYPE statements of a PIVOT without an IN list are run
 * first by `prepare` (on this session only), as DuckDB needs them to bind the query.
 */
export async function checkPlanFunctions(
  con: DuckDBConnection,
  sql: string,
  prepare: (extracted: Extracted) => Promise<DuckDBPreparedStatement>,
): Promise<void> {
  const stmt = await prepare(await con.extractStatements(`EXPLAIN (FORMAT json)\n${sql}`));
  if (stmt.statementType !== StatementType.EXPLAIN) {
    stmt.destroySync();
    throw new AtlasError(
      'sql_refused',
      'this statement could not be checked; write it as one query',
      400,
      undefined,
      '无法检查此语句；请写成一个查询',
    );
  }
  const rows = (await stmt.runAndReadAll()).getRowObjectsJS();
  stmt.destroySync();
  for (const row of rows) {
    const refused = planFunctions(JSON.parse(String(row.explain_value))).filter(
      (fn) => !ALLOWED_TABLE_FUNCTIONS.has(fn),
    );
    if (refused.length > 0) throw functionRefused(refused[0]);
  }
}

type Extracted = Awaited<ReturnType<DuckDBConnection['extractStatements']>>;

export function functionRefused(fn: string): AtlasError {
  return new AtlasError(
    'sql_refused',
    `${fn}() is not available in the analyst workbench: it reads files, changes the session or shows the server's internals; query the snapshot's tables instead`,
    400,
    { function: fn },
    `分析工作台不提供 ${fn}()：它会读取文件、改变会话或显示服务器内部信息；请查询快照中的表`,
  );
}

/**
 * Functions refused by name wherever the text calls them, as their effect does not show in a plan: current_setting()
 * is folded while binding and would show the sandbox's absolute paths (allowed_paths, temp_directory), and query(),
 * query_table() and json_execute_serialized_sql() run SQL built from strings, where current_setting() could hide.
 * Comments and string literals do not count; quoted and schema-qualified names do.
 */
export const REFUSED_BY_NAME: readonly string[] = [
  'current_setting',
  'query',
  'query_table',
  'json_execute_serialized_sql',
];

const CALLS_REFUSED = new RegExp(`(^|[^\\w$])(${REFUSED_BY_NAME.join('|')})\\s*\\(`, 'i');

export function checkNamedFunctions(sql: string): void {
  const m = CALLS_REFUSED.exec(maskLiterals(sql).replace(/"/g, ''));
  if (m) throw functionRefused(m[2].toLowerCase());
}
