import fs from 'node:fs';
import path from 'node:path';
import type { AtlasDb } from '../db/database.ts';
import { queryOne } from '../db/query.ts';
import { AtlasError } from '../errors.ts';
import { DEFAULT_SCALE, DEFAULT_SEED, RECORD_TABLES, generateSampleData } from '../generate/generate.ts';
import { ingestFile, type IngestSummary } from '../ingest/pipeline.ts';
import type { Logger } from '../log.ts';

/** True when nothing was ever ingested into this database (no batch of any status, no record rows). */
export async function isEmptyDatabase(db: AtlasDb): Promise<boolean> {
  const row = await db.withConnection((con) =>
    queryOne<{ n: number }>(
      con,
      `SELECT (SELECT count(*) FROM ingest_batch) + (SELECT count(*) FROM org) + (SELECT count(*) FROM registration)
            + (SELECT count(*) FROM usage) AS n`,
    ),
  );
  return (row?.n ?? 0) === 0;
}

/**
 * Fill an empty database with the embedded sample data: generate it (scale 1, the default seed) next to the database
 * and ingest every table through the normal ingestion pipeline, in the order their keys depend on each other. The same
 * rules apply as to any file, so a rejected row here is a bug and stops the start.
 */
export async function loadSampleData(
  db: AtlasDb,
  log: Logger,
  opts: { scale?: number; seed?: number } = {},
): Promise<IngestSummary[]> {
  const started = Date.now();
  const base =
    db.path === ':memory:'
      ? fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'atlas-sample-'))
      : path.dirname(db.path);
  const outDir = path.join(base, 'sample');
  log.info({ outDir }, 'generating the sample data');
  const report = await generateSampleData({
    scale: opts.scale ?? DEFAULT_SCALE,
    seed: opts.seed ?? DEFAULT_SEED,
    outDir,
    onProgress: (message) => log.debug({ message }, 'generate'),
  });
  const summaries: IngestSummary[] = [];
  for (const table of RECORD_TABLES) {
    const summary = await ingestFile(db, { kind: table, path: report.tables[table].parquet, source: 'sample' });
    summaries.push(summary);
    log.info(
      {
        kind: table,
        batch_id: summary.batch_id,
        inserted: summary.inserted,
        rejected: summary.rejected,
        warnings: summary.warnings,
        ms: summary.elapsed_ms,
      },
      'sample table ingested',
    );
    if (summary.status !== 'COMMITTED' || summary.rejected > 0) {
      throw new AtlasError(
        'sample_data_rejected',
        `the sample ${table} table was not ingested cleanly (${summary.status}, ${summary.rejected} rejected)`,
        500,
        summary,
        `示例数据的 ${table} 表未能完整导入（${summary.status}，拒绝 ${summary.rejected} 行）`,
      );
    }
  }
  log.info(
    {
      seconds: Math.round((Date.now() - started) / 100) / 10,
      rows: Object.fromEntries(RECORD_TABLES.map((t) => [t, report.tables[t].rows])),
    },
    'sample data loaded',
  );
  return summaries;
}
