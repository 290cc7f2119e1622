import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliCommand } from '../../cli/command.ts';
import { parseCommandArgs, say, writeAll } from '../../cli/command.ts';
import { AtlasDb } from '../../db/database.ts';
import { AtlasError } from '../../errors.ts';
import { exportLake, ingestLake } from './lake.ts';

const exportUsage = `Usage: atlas export --lake DIR

Write the record tables of the database (ATLAS_DB) as a Hive-partitioned Parquet lake in DIR (new or empty): usage
by month and provider region (usage/month=2025-03/region=330000/…), organisations, registrations and authorizations
by region, products and granted resources as one file each, the reference tables under reference/, a manifest
(_atlas_lake.json: rows, files and bytes per table) and views.sql, which names every table as the queries of queries/
expect for DuckDB on another machine (Spark, Trino and ClickHouse read the same files). Opens the database read-only,
so stop the server first. Prints the manifest.
`;

const importUsage = `Usage: atlas import --lake DIR

Load a lake written by atlas export --lake into the database (ATLAS_DB): one batch per table, in reference order,
through the same validation as any upload (rejects and warnings are reported in the batch history). Prints the
summaries. Exit 0 when every table committed, 1 otherwise.
`;

function lakeDir(values: { lake?: string }, usage: string): string {
  if (!values.lake) throw new AtlasError('usage', `--lake DIR is required\n\n${usage.trimEnd()}`, 2);
  return path.resolve(values.lake);
}

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'write the record tables as a partitioned Parquet lake (--lake DIR)',
  usage: exportUsage,
  async run(argv, io) {
    const args = parseCommandArgs({ usage: exportUsage }, io, argv, { lake: { type: 'string' } });
    if (!args) return 0;
    const dir = lakeDir(args.values, exportUsage);
    const db = await AtlasDb.open({ readOnly: true });
    try {
      const manifest = await exportLake(db, dir);
      say(io, `lake written to ${dir}`);
      await writeAll(io, JSON.stringify(manifest, null, 2) + '\n');
      return 0;
    } finally {
      db.close();
    }
  },
};

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'load a lake written by atlas export --lake (--lake DIR)',
  usage: importUsage,
  async run(argv, io) {
    const args = parseCommandArgs({ usage: importUsage }, io, argv, { lake: { type: 'string' } });
    if (!args) return 0;
    const dir = lakeDir(args.values, importUsage);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-lake-'));
    const db = await AtlasDb.open();
    try {
      const summaries = await ingestLake(db, dir, work);
      await writeAll(io, JSON.stringify(summaries, null, 2) + '\n');
      return summaries.every((s) => s.status === 'COMMITTED') ? 0 : 1;
    } finally {
      db.close();
      fs.rmSync(work, { recursive: true, force: true });
    }
  },
};
