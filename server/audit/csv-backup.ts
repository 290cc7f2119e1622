/**
 * Reading a CSV export of the audit log back (`atlas audit verify --csv`), so a backup can be checked on its own.
 * DuckDB parses the CSV (quotes, line breaks inside cells, the BOM). A cell that the export prefixed with an
 * apostrophe against spreadsheet formulas (server/csv.ts) is read both ways, and the way that matches the entry's hash
 * is kept: the prefix cannot be told from a real apostrophe otherwise.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { entryHash, type StoredEntry } from '../audit-log.ts';
import { prepareBound } from '../db/query.ts';
import { CSV_COLUMNS } from './read.ts';

const FORMULA_GUARDED = /^'[=+\-@\t\r]/;
const TEXT_FIELDS = ['actor', 'address', 'action', 'target', 'detail', 'outcome'] as const;

export async function csvBackupChunks(file: string, fn: (entries: StoredEntry[]) => void): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const con = await instance.connect();
  try {
    const columns = CSV_COLUMNS.map((c) => `'${c}': 'VARCHAR'`).join(', ');
    const stmt = await prepareBound(
      con,
      `SELECT * FROM read_csv($file, header = true, quote = '"', escape = '"', columns = {${columns}})
       ORDER BY TRY_CAST(seq AS BIGINT), hash`,
      { file },
    );
    const result = await stmt.stream();
    for await (const rows of result.yieldRowObjectJs())
      fn((rows as Record<(typeof CSV_COLUMNS)[number], string | null>[]).map(unguarded));
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}

function unguarded(r: Record<(typeof CSV_COLUMNS)[number], string | null>): StoredEntry {
  const entry: StoredEntry = {
    seq: Number(r.seq),
    at: r.at ?? '',
    actor: r.actor ?? '',
    address: r.address ?? '',
    action: r.action ?? '',
    target: r.target ?? '',
    detail: r.detail ?? '',
    outcome: r.outcome ?? '',
    prev_hash: r.prev_hash ?? '',
    hash: r.hash ?? '',
  };
  const guarded = TEXT_FIELDS.filter((f) => FORMULA_GUARDED.test(entry[f]));
  if (!guarded.length) return entry;
  // every combination of stripping the prefix or not; a few fields at most
  for (let mask = 1; mask < 1 << guarded.length; mask++) {
    const candidate = { ...entry };
    guarded.forEach((f, i) => {
      if (mask & (1 << i)) candidate[f] = candidate[f].slice(1);
    });
    const { hash, ...rest } = candidate;
    if (entryHash(rest) === hash) return candidate;
  }
  return entry;
}
