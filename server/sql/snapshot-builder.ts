import fs from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { execute, queryRows } from '../db/query.ts';
import { quoteIdent, quoteString } from '../db/sql-text.ts';
import { ANALYST_TABLES, FILL_ORDER, scopedFillSql } from './analyst-tables.ts';

/**
 * Drop from a fresh copy of the main database everything that is not an analyst table (ANALYST_TABLES): other schemas,
 * views, macros, sequences and tables such as saved_query. The copy becomes the national snapshot; it is not yet open
 * anywhere else. What they held may stay in the copy's free blocks, which no statement can read (hidden-open.ts). Runs
 * on any connection that may attach files (the main instance's: warm, and the copy is not its own file); `alias` must
 * be free on that instance.
 */
export async function pruneToAnalystTables(con: DuckDBConnection, file: string, alias: string): Promise<void> {
  const db = quoteIdent(alias);
  await con.run(`ATTACH ${quoteString(file)} AS ${db}`);
  try {
    const p = { db: alias };
    for (const s of await queryRows<{ name: string }>(
      con,
      `SELECT schema_name AS name FROM duckdb_schemas() WHERE database_name = $db AND schema_name <> 'main' AND NOT internal`,
      p,
    ))
      await con.run(`DROP SCHEMA ${db}.${quoteIdent(s.name)} CASCADE`);
    const objects = await queryRows<{ kind: string; name: string }>(
      con,
      `SELECT 1 AS o, 'VIEW' AS kind, view_name AS name FROM duckdb_views() WHERE database_name = $db AND NOT internal
       UNION ALL
       SELECT 2, CASE function_type WHEN 'table_macro' THEN 'MACRO TABLE' ELSE 'MACRO' END, function_name
       FROM duckdb_functions() WHERE database_name = $db AND NOT internal AND function_type IN ('macro', 'table_macro')
       UNION ALL
       SELECT 3, 'TABLE', table_name FROM duckdb_tables() WHERE database_name = $db AND NOT internal
         AND NOT list_contains($keep, table_name)
       UNION ALL
       SELECT 4, 'SEQUENCE', sequence_name FROM duckdb_sequences() WHERE database_name = $db
       ORDER BY o, name`,
      { ...p, keep: ANALYST_TABLES },
    );
    for (const o of objects) await con.run(`DROP ${o.kind} ${db}.main.${quoteIdent(o.name)}`);
    await con.run(`CHECKPOINT ${db}`);
  } finally {
    await con.run(`DETACH ${db}`);
  }
}

/**
 * Writes scope snapshot files with trusted statements only, on an in-memory DuckDB instance of its own in the server
 * process: not the main instance (a build must not take its memory or leave a pooled connection pointed at a snapshot
 * by USE), and not the SQL worker (which runs analyst text and can be killed at any time). Every name in its SQL is one
 * of its own aliases or a constant of analyst-tables.ts; the scope is a bound value.
 */
export class SnapshotBuilder {
  private instance: Promise<DuckDBInstance> | null = null;
  private seq = 0;

  constructor(
    /** Where a large build may spill. */
    private readonly tmpDir: string,
    private readonly memoryLimit: string,
  ) {}

  /**
   * Write `dst`, a new file, from the national snapshot `src` with only the rows `scope` may see: the analyst tables,
   * created from their own DDL with their comments, each filled by its rule (scopedFillSql) in one transaction. A new
   * file holds no bytes of the rows left out, not even in free blocks.
   */
  async build(src: string, dst: string, scope: readonly string[]): Promise<void> {
    await this.withConnection(async (con, alias) => {
      const from = `${alias}_src`;
      const to = `${alias}_dst`;
      await con.run(`ATTACH ${quoteString(src)} AS ${quoteIdent(from)} (READ_ONLY)`);
      try {
        await con.run(`ATTACH ${quoteString(dst)} AS ${quoteIdent(to)}`);
        try {
          const tables = await queryRows<{ name: string; sql: string; comment: string | null }>(
            con,
            `SELECT table_name AS name, sql, comment FROM duckdb_tables()
             WHERE database_name = $db AND schema_name = 'main' AND NOT temporary AND list_contains($keep, table_name)`,
            { db: from, keep: ANALYST_TABLES },
          );
          const columnComments = await queryRows<{ t: string; c: string; comment: string }>(
            con,
            `SELECT table_name AS t, column_name AS c, comment FROM duckdb_columns()
             WHERE database_name = $db AND schema_name = 'main' AND comment IS NOT NULL AND list_contains($keep, table_name)`,
            { db: from, keep: ANALYST_TABLES },
          );
          // DDL as the catalog spells it (unqualified), created in the new file
          await con.run(`USE ${quoteIdent(to)}`);
          for (const t of tables) {
            await con.run(t.sql);
            if (t.comment) await con.run(`COMMENT ON TABLE ${quoteIdent(t.name)} IS ${quoteString(t.comment)}`);
          }
          for (const c of columnComments)
            await con.run(`COMMENT ON COLUMN ${quoteIdent(c.t)}.${quoteIdent(c.c)} IS ${quoteString(c.comment)}`);
          // the rows, read from the source as the default database so scope.ts's unqualified names resolve there
          const present = new Set(tables.map((t) => t.name));
          await con.run(`USE ${quoteIdent(from)}`);
          await con.run('BEGIN TRANSACTION');
          for (const table of FILL_ORDER)
            if (present.has(table)) await execute(con, scopedFillSql(table, to), { scope: [...scope] });
          await con.run('COMMIT');
          await con.run(`CHECKPOINT ${quoteIdent(to)}`);
        } catch (err) {
          await con.run('ROLLBACK').catch(() => undefined);
          throw err;
        } finally {
          await con.run('USE memory');
          await con.run(`DETACH ${quoteIdent(to)}`);
        }
      } finally {
        await con.run(`DETACH ${quoteIdent(from)}`);
      }
    });
  }

  async close(): Promise<void> {
    const p = this.instance;
    this.instance = null;
    const instance = await p?.catch(() => null);
    instance?.closeSync();
    fs.rmSync(this.tmpDir, { recursive: true, force: true });
  }

  private async withConnection<T>(fn: (con: DuckDBConnection, alias: string) => Promise<T>): Promise<T> {
    this.instance ??= this.open();
    const con = await (await this.instance).connect();
    try {
      return await fn(con, `analyst_build_${++this.seq}`);
    } finally {
      con.closeSync();
    }
  }

  private open(): Promise<DuckDBInstance> {
    fs.mkdirSync(this.tmpDir, { recursive: true });
    const p = DuckDBInstance.create(':memory:', {
      memory_limit: this.memoryLimit,
      temp_directory: this.tmpDir,
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    p.catch(() => {
      if (this.instance === p) this.instance = null;
    });
    return p;
  }
}
