/**
 * Whether the database is whole: every check of queries/check/ (one query per file, each answering one `problem` line
 * per violation) run against the live tables. Used by `atlas check`, by the fault runs of the benchmark after each
 * kill -9 and restart, and by tests.
 */
import type { AtlasDb } from './database.ts';
import { queryRows } from './query.ts';
import { listSqlFiles, sqlFile } from './sql-files.ts';

export interface CheckResult {
  /** The check's file name under queries/check/ (rollup_usage_month…). */
  check: string;
  /** What is wrong, one line each (at most the first 100 of a check); empty when it holds. */
  problems: string[];
}

/** A check that recomputes derived data from all records (facts/fact-check.ts), as long as a full rebuild takes. */
export type DeepCheck = (db: AtlasDb) => Promise<CheckResult>;

/**
 * `deep` adds the checks that recompute derived data: the features own them, so the caller passes them in (the command
 * line's composition root does).
 */
export async function checkConsistency(db: AtlasDb, opts: { deep?: DeepCheck[] } = {}): Promise<CheckResult[]> {
  const out = await db.withConnection(async (con) => {
    const out: CheckResult[] = [];
    for (const name of listSqlFiles('check')) {
      const rows = await queryRows<{ problem: string }>(con, sqlFile(name));
      out.push({ check: name.replace(/^check\//, ''), problems: rows.slice(0, 100).map((r) => r.problem) });
    }
    return out;
  });
  for (const check of opts.deep ?? []) out.push(await check(db));
  return out;
}
