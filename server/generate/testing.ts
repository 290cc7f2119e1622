import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { AtlasDb } from '../db/database.ts';
import { queryRows, type Row, type SqlParams } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import { quoteIdent, quoteString } from '../db/sql-text.ts';
import { RECORD_TABLES, type GenerateReport } from './generate.ts';

/**
 * Tests of generated data: an in-memory product database (schema and reference data) holding a generated set, loaded
 * straight from its Parquet files with batch 0 (no ingestion rules involved), and a connection to query it.
 */
export interface LoadedSet {
  db: AtlasDb;
  con: DuckDBConnection;
  rows(sql: string, params?: SqlParams): Promise<Row[]>;
  one(sql: string, params?: SqlParams): Promise<Row>;
  close(): void;
}

export async function loadGenerated(report: GenerateReport): Promise<LoadedSet> {
  const db = await AtlasDb.open({ path: ':memory:' });
  const con = await db.connect();
  for (const table of RECORD_TABLES) {
    // table names come from the fixed RECORD_TABLES list; BY NAME fails on a column the schema does not have
    await queryRows(con, `INSERT INTO ${quoteIdent(table)} BY NAME SELECT *, 0 AS batch_id FROM read_parquet($file)`, {
      file: report.tables[table].parquet,
    });
  }
  const rows = (sql: string, params: SqlParams = {}) => queryRows(con, sql, params);
  return {
    db,
    con,
    rows,
    one: async (sql, params) => (await rows(sql, params))[0],
    close: () => {
      con.closeSync();
      db.close();
    },
  };
}

/** Rows of one of the reference checks in queries/generate/checks/. */
export function checkRows(
  set: LoadedSet,
  name: 'cell_signals' | 'model_success' | 'model_targets' | 'integrity',
): Promise<Row[]> {
  return set.rows(sqlFile(`generate/checks/${name}`));
}

/**
 * The integrity check (unique keys, resolving references) straight on the Parquet files of a generated folder, through
 * views named like the tables: a large set need not be loaded, and DuckDB spills to `spillDir` under `memoryLimit`.
 * Returns the rules with violations (none for a clean set).
 */
export async function integrityViolations(
  outDir: string,
  opts: { memoryLimit?: string; spillDir?: string } = {},
): Promise<Row[]> {
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: opts.memoryLimit ?? '1GB',
    ...(opts.spillDir ? { temp_directory: opts.spillDir } : {}),
  });
  const con = await instance.connect();
  try {
    for (const table of RECORD_TABLES) {
      await queryRows(
        con,
        `CREATE VIEW ${quoteIdent(table)} AS SELECT * FROM read_parquet(${quoteString(path.join(outDir, `${table}.parquet`))})`,
      );
    }
    const rows = await queryRows(con, sqlFile('generate/checks/integrity'));
    return rows.filter((r) => Number(r.violations) !== 0);
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}
