import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sqlFile } from '../db/sql-files.ts';
import type { SqlParams } from '../db/query.ts';
import {
  RECORD_TABLES,
  copyQuery,
  generateSampleData,
  normalizeOptions,
  withGeneratorDb,
  type RecordTable,
} from './generate.ts';

/** The committed samples are cut from a small generated set (scale 0.1), so they are valid and consistent by construction. */
const SAMPLE_SCALE = 0.1;
/** Sample tables in the order their selection depends on each other (agreements first, organisations last). */
const SAMPLE_ORDER: RecordTable[] = [
  'authorization',
  'product',
  'usage',
  'authorization_resource',
  'registration',
  'org',
];

export interface SampleReport {
  seed: number;
  outDir: string;
  rows: Record<RecordTable, number>;
}

/**
 * Write the small hand-readable CSV samples (sample-data/<table>.csv): a few agreements of Zhejiang and Fujian with
 * their products, usage, granted resources, registrations and every organisation they name, so they ingest in order.
 */
export async function writeSampleCsvs(opts: {
  outDir: string;
  seed?: number;
  onProgress?: (m: string) => void;
}): Promise<SampleReport> {
  const { seed, outDir } = normalizeOptions({ outDir: opts.outDir, seed: opts.seed, scale: SAMPLE_SCALE });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-samples-'));
  try {
    const full = await generateSampleData({
      outDir: path.join(work, 'full'),
      scale: SAMPLE_SCALE,
      seed,
      onProgress: opts.onProgress,
    });
    fs.mkdirSync(outDir, { recursive: true });
    const params: SqlParams = Object.fromEntries(RECORD_TABLES.map((t) => [t, full.tables[t].parquet]));
    const rows = {} as Record<RecordTable, number>;
    await withGeneratorDb(work, {}, async (con) => {
      for (const table of SAMPLE_ORDER) {
        const file = path.join(outDir, `${table}.csv`);
        rows[table] = await copyQuery(con, sqlFile(`generate/samples/${table}`), params, file, 'csv');
        params[`sample_${table}`] = file;
      }
    });
    return { seed, outDir, rows };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
