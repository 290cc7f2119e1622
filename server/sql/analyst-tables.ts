import {
  batchScopeWithin,
  historyScopePredicate,
  RECORD_KEY_COLUMNS,
  SCOPED_TABLES,
  scopePredicate,
  type ScopedTable,
} from '../db/scope.ts';
import { quoteIdent } from '../db/sql-text.ts';

/**
 * What an analyst snapshot holds. Every analyst snapshot, national or scoped, holds the tables below and nothing else
 * of the main database: a table that is not named here (saved queries, and whatever holds accounts or the audit trail)
 * is dropped from the national snapshot and so never reaches a scoped one either. A scoped snapshot holds only the
 * rows its scope may see of each table (server/db/scope.ts defines the region of a row).
 */

/** The same for every reader: copied whole. */
export const REFERENCE_TABLES = ['ref_region', 'ref_sector', 'enum_label', 'enum_synonym'] as const;

/** Ingest bookkeeping, filtered for a scope by the rules of scopedFillSql. */
export const INGEST_TABLES = ['record_history', 'ingest_warning', 'ingest_reject', 'ingest_batch'] as const;

export const ANALYST_TABLES: readonly string[] = [...REFERENCE_TABLES, ...SCOPED_TABLES, ...INGEST_TABLES];

/**
 * Tables of the main database that no analyst snapshot holds. Named so that a new table must be put in one list or the
 * other (analyst-tables.test.ts); one that is not is left out of analyst snapshots anyway.
 */
export const PRIVATE_TABLES: readonly string[] = ['saved_query'];

/**
 * The order a scoped snapshot is filled in: ingest_warning keeps the warnings about record versions already copied
 * (record tables and record_history), so it comes after them.
 */
export const FILL_ORDER: readonly string[] = [
  ...REFERENCE_TABLES,
  ...SCOPED_TABLES,
  'record_history',
  'ingest_warning',
  'ingest_reject',
  'ingest_batch',
];

const isScoped = (table: string): table is ScopedTable => (SCOPED_TABLES as readonly string[]).includes(table);

/**
 * The statement that fills `<dst>.<table>` with the rows a reader whose regions are bound as `$scope` may see. It
 * reads the connection's default database (the national snapshot, made the default with USE), so the unqualified
 * table names of scope.ts's region rules resolve there. Table and database names are this module's constants and the
 * builder's own aliases, never input.
 */
export function scopedFillSql(table: string, dst: string): string {
  const into = `INSERT INTO ${quoteIdent(dst)}.${quoteIdent(table)}`;
  if ((REFERENCE_TABLES as readonly string[]).includes(table)) return `${into} SELECT * FROM ${quoteIdent(table)}`;
  if (isScoped(table)) return `${into} SELECT * FROM ${quoteIdent(table)} t WHERE ${scopePredicate(table)}`;
  switch (table) {
    case 'record_history':
      return `${into} SELECT * FROM record_history t WHERE ${historyScopePredicate()}`;
    case 'ingest_warning':
      // a warning is about one record version; it is kept when that version was (live, or in record_history)
      return `${into} SELECT t.* FROM ingest_warning t SEMI JOIN (${copiedVersions(dst)}) v
        ON v.table_name = t.table_name AND v.record_key = t.record_key AND v.batch_id = t.batch_id`;
    case 'ingest_reject':
      return `${into} SELECT t.* FROM ingest_reject t WHERE EXISTS (
        SELECT 1 FROM ingest_batch b WHERE b.batch_id = t.batch_id AND ${batchScopeWithin('b.scope')})`;
    case 'ingest_batch':
      // every batch's metadata stays; its summary lists its first rejected rows, so it goes with the rejects
      return `${into} SELECT * REPLACE (CASE WHEN ${batchScopeWithin('t.scope')} THEN t.summary END AS summary)
        FROM ingest_batch t`;
    default:
      throw new Error(`the analyst snapshot has no rule for table ${table}`);
  }
}

/** (table_name, record_key, batch_id) of every record version copied into `dst`, keyed as ingestion keys warnings. */
function copiedVersions(dst: string): string {
  const db = quoteIdent(dst);
  const live = Object.entries(RECORD_KEY_COLUMNS).map(
    ([table, key]) =>
      `SELECT '${table}' AS table_name, ${key.map((c) => `r.${c}`).join(` || '|' || `)} AS record_key, r.batch_id
       FROM ${db}.${quoteIdent(table)} r`,
  );
  return [...live, `SELECT table_name, record_key, batch_id FROM ${db}.record_history`].join('\nUNION ALL\n');
}
