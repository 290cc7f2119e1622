import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import { NATIONAL, type Scope } from '../db/scope.ts';
import { quoteIdent } from '../db/sql-text.ts';
import { ALLOWED_TABLE_FUNCTIONS, REFUSED_BY_NAME } from './plan-check.ts';
import type { AnalystSandbox } from './sandbox.ts';
import { columnDoc, TABLE_DOCS, type Text2 } from './schema-docs.ts';

export interface SchemaColumn {
  name: string;
  type: string;
  nullable: boolean;
  description: Text2 | null;
}

export interface SchemaTable {
  name: string;
  kind: 'table' | 'view';
  /** Exact for tables; null for views (counting a view runs its whole query). */
  rows: number | null;
  description: Text2 | null;
  columns: SchemaColumn[];
}

export type SchemaFunction = {
  name: string;
  kind: string;
  description: string | null;
  example: string | null;
};

export interface SchemaInfo {
  snapshot: { version: number; built_at: string };
  tables: SchemaTable[];
  /** DuckDB's functions and macros (without the file readers the sandbox refuses), for the editor's completion. */
  functions: SchemaFunction[];
}

/**
 * What GET /api/schema answers: the snapshot's tables and views, their columns, types, descriptions and row counts
 * (those of `scope`'s own snapshot for a scoped reader).
 */
export async function readSchema(sandbox: AnalystSandbox, scope: Scope = NATIONAL): Promise<SchemaInfo> {
  const { lease, catalog } = await sandbox.catalog(scope);
  return { snapshot: { version: lease.version, built_at: lease.builtAt.toISOString() }, ...catalog };
}

export type Catalog = Omit<SchemaInfo, 'snapshot'>;

/** The catalog part of the schema, read with fixed queries on a sandbox connection (in the SQL worker). */
export async function readCatalog(con: DuckDBConnection): Promise<Catalog> {
  const tables = await queryRows<{ name: string; kind: 'table' | 'view'; comment: string | null }>(
    con,
    sqlFile('sql/schema_tables'),
  );
  const columns = await queryRows<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: boolean;
    comment: string | null;
  }>(con, sqlFile('sql/schema_columns'));
  const out: SchemaTable[] = [];
  for (const t of tables) {
    let rows: number | null = null;
    if (t.kind === 'table') {
      // The name comes from the catalog, not from the request; DuckDB answers count(*) from metadata.
      rows = (await queryRows<{ n: number }>(con, `SELECT count(*) AS n FROM ${quoteIdent(t.name)}`))[0].n;
    }
    out.push({
      name: t.name,
      kind: t.kind,
      rows,
      description: t.comment ? { zh: t.comment, en: t.comment } : (TABLE_DOCS[t.name] ?? null),
      columns: columns
        .filter((c) => c.table_name === t.name)
        .map((c) => ({
          name: c.column_name,
          type: c.data_type,
          nullable: c.is_nullable,
          description: c.comment ? { zh: c.comment, en: c.comment } : columnDoc(t.name, c.column_name),
        })),
    });
  }
  const functions = await queryRows<SchemaFunction>(con, sqlFile('sql/schema_functions'), {
    table_functions: [...ALLOWED_TABLE_FUNCTIONS],
    refused: [...REFUSED_BY_NAME],
  });
  return { tables: out, functions };
}
