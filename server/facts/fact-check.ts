/**
 * The deep check of `atlas check --deep`: every stored indicator fact table, as its readers see it, equals what its
 * query computes from the records now, row for row (EXCEPT ALL both ways). It recomputes every fact, as a full rebuild does (seconds at scale 1,
 * minutes at national scale), hence opt-in. Facts that are not current (none stored yet, another definition, batches
 * the server has not applied) are no problem: the next start brings them up to date; they are then not compared.
 */
import fs from 'node:fs';
import type { CheckResult } from '../db/consistency.ts';
import type { AtlasDb } from '../db/database.ts';
import { queryOne } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import { quoteString } from '../db/sql-text.ts';
import { factAsRead, factsCurrent } from './fact-sync.ts';
import { attachCache, CACHE_SCHEMA, cacheFile, FACTS } from './facts.ts';

export async function checkFacts(db: AtlasDb): Promise<CheckResult> {
  const problems: string[] = [];
  await db.withConnection(async (con) => {
    if (db.readOnly) {
      // `atlas check` opens the database read-only; the facts' file is read the same way, when there is one
      const file = cacheFile(db.path);
      if (!fs.existsSync(file)) return;
      await con.run(`ATTACH IF NOT EXISTS ${quoteString(file)} AS ${CACHE_SCHEMA} (READ_ONLY)`);
    } else if (!(await attachCache(db, con))) return;
    if (!(await factsCurrent(con))) return;
    for (const f of FACTS) {
      const q = sqlFile(`facts/${f}`);
      // as its readers see it: the month masks' appended rows ORed per group
      const stored = factAsRead(f);
      const d = (await queryOne<{ extra: number; missing: number }>(
        con,
        `SELECT (SELECT count(*) FROM (${stored} EXCEPT ALL SELECT * FROM (${q}))) AS extra,
                (SELECT count(*) FROM (SELECT * FROM (${q}) EXCEPT ALL ${stored})) AS missing`,
      ))!;
      if (d.extra + d.missing > 0)
        problems.push(
          `indicator fact ${f}: ${d.extra} stored rows that queries/facts/${f}.sql does not give, ` +
            `${d.missing} rows it gives that are not stored`,
        );
    }
  });
  return { check: 'indicator_facts (deep)', problems };
}
