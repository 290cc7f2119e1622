// One measured run of the ingest benchmark, in its own process so its peak RSS is its own:
//   node --import tsx bench/ingest-child.ts bare|ingest <parquet|csv> <data dir> <db file> <memory limit> <threads>
// bare: CREATE TABLE AS SELECT * FROM read_parquet/read_csv of usage on a fresh database (the baseline).
// ingest: org, authorization and product loaded first (untimed), then ingestFile(usage) timed.
// Prints one JSON object on stdout.
import fs from 'node:fs';
import path from 'node:path';
import { AtlasDb } from '../server/db/database.ts';
import { execute } from '../server/db/query.ts';
import { ingestFile } from '../server/ingest/pipeline.ts';

const [mode, format, dataDir, dbFile, memoryLimit, threads] = process.argv.slice(2);
for (const f of [dbFile, `${dbFile}.wal`]) fs.rmSync(f, { force: true });
const db = await AtlasDb.open({ path: dbFile, memoryLimit, threads: Number(threads) });
const usage = path.join(dataDir, `usage.${format}`);
let result: Record<string, unknown>;
if (mode === 'bare') {
  const t0 = performance.now();
  const reader = format === 'parquet' ? 'read_parquet($path)' : 'read_csv($path)';
  await db.withConnection((con) => execute(con, `CREATE TABLE bare_usage AS SELECT * FROM ${reader}`, { path: usage }));
  result = { seconds: (performance.now() - t0) / 1000 };
} else {
  for (const kind of ['org', 'authorization', 'product'] as const) {
    const s = await ingestFile(db, { kind, path: path.join(dataDir, `${kind}.parquet`), source: 'bench' });
    if (s.status !== 'COMMITTED') throw new Error(`${kind}: ${s.status} ${JSON.stringify(s.file_errors)}`);
  }
  const t0 = performance.now();
  const s = await ingestFile(db, { kind: 'usage', path: usage, source: 'bench' });
  result = {
    seconds: (performance.now() - t0) / 1000,
    status: s.status,
    rows: s.rows_read,
    inserted: s.inserted,
    rejected: s.rejected,
    phases_ms: s.phases_ms,
    statements_ms: s.statements_ms,
  };
}
db.close();
for (const f of [dbFile, `${dbFile}.wal`]) fs.rmSync(f, { force: true });
process.stdout.write(JSON.stringify({ ...result, max_rss_mb: process.resourceUsage().maxRSS / 1024 }) + '\n');
