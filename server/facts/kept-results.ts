/**
 * Results worth keeping across restarts: a view every reader opens with and that takes long to compute at national
 * scale (the dashboard's default view: half a minute at 100M usage rows), kept in the cache database beside the facts
 * with the key of what it was computed from (the data's fingerprint, the facts' definition, the query's text and its
 * parameters). A restart on unchanged data reads it back instead of computing it again; any change of the data, the
 * query or its parameters misses the key and computes it anew. One row per name: a new key replaces the old.
 */
import { createHash } from 'node:crypto';
import type { AtlasDb } from '../db/database.ts';
import { queryOne } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import { factsDefinition } from './fact-sync.ts';
import { attachCache, CACHE_SCHEMA } from './facts.ts';

const TABLE = `${CACHE_SCHEMA}.kept_results`;

export interface Kept<T> {
  rows: T[];
  /** True when read back from the cache database rather than computed. */
  restored: boolean;
}

/**
 * The rows `compute` gives for `sql` with `params`, read back when kept for the data as they are now, otherwise
 * computed and kept. Where the cache database cannot be attached (a read-only database), computed every time.
 */
export async function keptRows<T>(
  db: AtlasDb,
  name: string,
  sql: string,
  params: unknown,
  compute: () => Promise<T[]>,
): Promise<Kept<T>> {
  const key = await db.withConnection(async (con) => {
    if (db.readOnly || !(await attachCache(db, con))) return null;
    const fingerprint = await queryOne(con, sqlFile('facts/sync/fingerprint'));
    const key = createHash('sha256')
      .update(JSON.stringify({ fingerprint, definition: factsDefinition(), sql, params }))
      .digest('hex');
    await con.run(`CREATE TABLE IF NOT EXISTS ${TABLE} (name VARCHAR PRIMARY KEY, key VARCHAR NOT NULL, rows VARCHAR)`);
    const kept = await queryOne<{ rows: string }>(con, `SELECT rows FROM ${TABLE} WHERE name = $name AND key = $key`, {
      name,
      key,
    });
    return { key, kept: kept ? (JSON.parse(kept.rows) as T[]) : null };
  });
  if (key?.kept) return { rows: key.kept, restored: true };
  const rows = await compute();
  if (key)
    await db.withConnection((con) =>
      con.run(`INSERT OR REPLACE INTO ${TABLE} VALUES ($name, $key, $rows)`, {
        name,
        key: key.key,
        rows: JSON.stringify(rows),
      }),
    );
  return { rows, restored: false };
}
