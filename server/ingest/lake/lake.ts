/**
 * The record tables as a Hive-partitioned Parquet lake (issue 25, "where one machine ends"): the path beyond one
 * machine on an existing engine. DuckDB elsewhere, Spark, Trino or ClickHouse read it; `views.sql` in the lake names
 * each table as the queries of queries/ expect, and `ingestLake` loads a lake back through the ingestion pipeline.
 *
 * Layout (DIR/<table>/<key>=<value>/…/data_0.parquet): usage by month (`month=2025-03`) and provider region
 * (`region=330000`), the tables with a region of their own (org, registration, authorization) by region, products and
 * granted resources (whose region is their agreement's) as one file each. Partition keys are written in the paths
 * only; every column of the record is in the files, so a reader needs no Hive support. The lake holds each record's
 * columns (server/ingest/kinds.ts), not the ingest lineage (batch ids), which belongs to the database it came from.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AtlasDb } from '../../db/database.ts';
import { queryOne, queryRows } from '../../db/query.ts';
import { sqlFile } from '../../db/sql-files.ts';
import { quoteIdent, quoteString } from '../../db/sql-text.ts';
import { AtlasError } from '../../errors.ts';
import { INGEST_ORDER, KINDS, type KindName } from '../kinds.ts';
import { ingestFile, type IngestSummary } from '../pipeline.ts';

export const LAKE_FORMAT = 'atlas-lake/1';
/** The reference tables the queries join to (regions, sectors, code labels), one file each under reference/. */
export const REFERENCE_TABLES = ['ref_region', 'ref_sector', 'enum_label', 'enum_synonym'] as const;
export const MANIFEST = '_atlas_lake.json';

/** Each table's partition keys, as SQL over its own columns. */
const PARTITIONS: Record<KindName, { key: string; sql: string }[]> = {
  usage: [
    { key: 'month', sql: `strftime(period_month, '%Y-%m')` },
    { key: 'region', sql: 'provider_region_code' },
  ],
  org: [{ key: 'region', sql: 'region_code' }],
  registration: [{ key: 'region', sql: 'region_code' }],
  authorization: [{ key: 'region', sql: 'region_code' }],
  authorization_resource: [],
  product: [],
};

export interface LakeManifest {
  format: typeof LAKE_FORMAT;
  exported_at: string;
  tables: { table: KindName; rows: number; partition_by: string[]; files: number; bytes: number }[];
}

const tableGlob = (dir: string, kind: KindName) =>
  PARTITIONS[kind].length ? path.join(dir, kind, '**', '*.parquet') : path.join(dir, kind, '*.parquet');

/** Write every record table of `db` under `dir` (which must be absent or empty) and the manifest and views beside. */
export async function exportLake(db: AtlasDb, dir: string): Promise<LakeManifest> {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0)
    throw new AtlasError(
      'lake_not_empty',
      `${dir} is not empty; export a lake into a new or empty folder`,
      409,
      { dir },
      `${dir} 不是空文件夹；请导出到新的或空的文件夹`,
    );
  fs.mkdirSync(dir, { recursive: true });
  const tables: LakeManifest['tables'] = [];
  let rollupColumns: string[] = [];
  await db.withConnection(async (con) => {
    rollupColumns = (
      await queryRows<{ name: string }>(
        con,
        `SELECT column_name AS name FROM duckdb_columns() WHERE table_name = 'rollup_usage_month' AND database_name = current_database() ORDER BY column_index`,
      )
    ).map((r) => quoteIdent(r.name));
    for (const kind of INGEST_ORDER) {
      const spec = KINDS[kind];
      const cols = spec.columns.map((c) => quoteIdent(c.name)).join(', ');
      const parts = PARTITIONS[kind];
      const keys = parts.map((p) => `${p.sql} AS ${quoteIdent(p.key)}`);
      const select = `SELECT ${[cols, ...keys].join(', ')} FROM ${spec.tableSql}`;
      const target = parts.length ? path.join(dir, kind) : path.join(dir, kind, 'data_0.parquet');
      if (!parts.length) fs.mkdirSync(path.join(dir, kind), { recursive: true });
      const options = [
        'FORMAT parquet',
        'COMPRESSION zstd',
        ...(parts.length ? [`PARTITION_BY (${parts.map((p) => quoteIdent(p.key)).join(', ')})`] : []),
      ];
      await con.run(`COPY (${select}) TO ${quoteString(target)} (${options.join(', ')})`);
      const rows = Number((await queryOne<{ n: bigint }>(con, `SELECT count(*) AS n FROM ${spec.tableSql}`))!.n);
      const files = listParquet(path.join(dir, kind));
      tables.push({
        table: kind,
        rows,
        partition_by: parts.map((p) => p.key),
        files: files.length,
        bytes: files.reduce((a, f) => a + fs.statSync(f).size, 0),
      });
    }
    fs.mkdirSync(path.join(dir, 'reference'));
    for (const t of REFERENCE_TABLES)
      await con.run(`COPY ${t} TO ${quoteString(path.join(dir, 'reference', `${t}.parquet`))} (FORMAT parquet)`);
  });
  const manifest: LakeManifest = { format: LAKE_FORMAT, exported_at: new Date().toISOString(), tables };
  fs.writeFileSync(path.join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'views.sql'), viewsSql(rollupColumns));
  return manifest;
}

/** CREATE VIEW per table over its files, relative to the lake (run DuckDB from inside it: `duckdb -c '.read views.sql'`). */
export function viewsSql(rollupColumns: string[]): string {
  const lines = INGEST_ORDER.map((kind) => {
    const glob = PARTITIONS[kind].length ? `${kind}/**/*.parquet` : `${kind}/*.parquet`;
    return `CREATE OR REPLACE VIEW ${KINDS[kind].tableSql} AS SELECT * FROM read_parquet('${glob}', hive_partitioning = false);`;
  });
  const refs = REFERENCE_TABLES.map(
    (t) => `CREATE OR REPLACE VIEW ${t} AS SELECT * FROM read_parquet('reference/${t}.parquet');`,
  );
  // the monthly usage rollup the dashboard queries read: derived, so computed from the lake's usage as a rebuild does
  const rollup = sqlFile('rollups/usage_month_rebuild').replace(/^INSERT INTO rollup_usage_month\s*$/m, '');
  refs.push(
    `CREATE OR REPLACE VIEW rollup_usage_month (${rollupColumns.join(', ')}) AS\n${rollup.trim().replace(/;$/, '')};`,
  );
  return `-- The tables of an Atlas lake (${LAKE_FORMAT}) under the names the queries of queries/ use; paths are relative\n-- to the lake (run DuckDB inside it, or SET file_search_path to it first).\n${[...lines, ...refs].join('\n')}\n`;
}

/**
 * Load a lake into `db` through the ingestion pipeline, one batch per table in reference order: each table's files
 * are gathered into one Parquet file in `workDir` first, so every row is validated as an upload would be.
 */
export async function ingestLake(db: AtlasDb, dir: string, workDir: string): Promise<IngestSummary[]> {
  const manifest = readManifest(dir);
  const summaries: IngestSummary[] = [];
  for (const kind of INGEST_ORDER) {
    if (!manifest.tables.some((t) => t.table === kind)) continue;
    const file = path.join(workDir, `${kind}.parquet`);
    await db.withConnection((con) => gather(con, tableGlob(dir, kind), file));
    summaries.push(await ingestFile(db, { kind, path: file, source: 'lake' }));
    fs.rmSync(file, { force: true });
  }
  return summaries;
}

async function gather(con: DuckDBConnection, glob: string, file: string) {
  await con.run(
    `COPY (SELECT * FROM read_parquet(${quoteString(glob)}, hive_partitioning = false)) TO ${quoteString(file)} (FORMAT parquet)`,
  );
}

export function readManifest(dir: string): LakeManifest {
  const file = path.join(dir, MANIFEST);
  let manifest: LakeManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as LakeManifest;
  } catch (err) {
    throw new AtlasError(
      'lake_unreadable',
      `${file} could not be read (${(err as Error).message}); is ${dir} a lake written by atlas export --lake?`,
      400,
      { dir },
      `无法读取 ${file}；${dir} 是否为 atlas export --lake 导出的数据湖？`,
    );
  }
  if (manifest.format !== LAKE_FORMAT)
    throw new AtlasError(
      'lake_unreadable',
      `${file} is format ${JSON.stringify(manifest.format)}, not ${LAKE_FORMAT}`,
      400,
      { dir },
      `${file} 的格式为 ${JSON.stringify(manifest.format)}，不是 ${LAKE_FORMAT}`,
    );
  return manifest;
}

function listParquet(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.parquet'))
    .map((e) => path.join(e.parentPath, e.name));
}
