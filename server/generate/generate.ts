import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { applySchema, loadReferenceData } from '../db/schema.ts';
import { listSqlFiles, sqlFile } from '../db/sql-files.ts';
import { prepareBound, queryRows, type SqlParams } from '../db/query.ts';
import { AtlasError } from '../errors.ts';

export const DEFAULT_SEED = 20250301;
export const DEFAULT_SCALE = 1;
/** The data set describes the public-data market from the platform launch (2025-03-01) up to this day. */
export const AS_OF = '2026-10-31';
/** Tables written, in the order they can be ingested (every reference points at something already loaded). */
export const RECORD_TABLES = [
  'org',
  'authorization',
  'registration',
  'authorization_resource',
  'product',
  'usage',
] as const;
export type RecordTable = (typeof RECORD_TABLES)[number];

export interface GenerateOptions {
  scale?: number;
  seed?: number;
  outDir: string;
  /** Also write <table>.csv (UTF-8, header, ISO dates). */
  csv?: boolean;
  /** DuckDB memory_limit for the generation (default ATLAS_MEMORY_LIMIT or 1GB); larger data spills to disk. */
  memoryLimit?: string;
  threads?: number;
  /**
   * Most usage rows (or user organisations) generated in one statement (default: in proportion to the memory limit).
   * The two large tables are generated in blocks (usage by products, users by regions) and the blocks concatenated,
   * so any scale fits the memory limit; the data do not depend on the block size.
   */
  blockRows?: number;
  /** Keep the plan files (regions, cells, user pools, …) in this folder instead of a temporary one removed at the end. */
  workDir?: string;
  /** Progress messages (a step finished, with its time). */
  onProgress?: (message: string) => void;
}

export interface TableReport {
  rows: number;
  parquet: string;
  csv?: string;
}

export interface GenerateReport {
  seed: number;
  scale: number;
  outDir: string;
  tables: Record<RecordTable, TableReport>;
  seconds: number;
}

const PROFILES_DIR = path.join(import.meta.dirname, 'profiles');

/**
 * The pipeline: each step runs one query of queries/generate/ and writes its result as one Parquet file. Plan steps
 * write to a scratch folder that is removed at the end; the record tables go to outDir. A step reads earlier results
 * only through their files ($<step name> parameters), so every step is one set-based statement that DuckDB streams.
 */
const STEPS: { name: string; query: string; output: 'work' | RecordTable }[] = [
  { name: 'regions', query: 'generate/plan_regions', output: 'work' },
  { name: 'cells', query: 'generate/plan_cells', output: 'work' },
  { name: 'user_pools', query: 'generate/plan_user_pools', output: 'work' },
  { name: 'org', query: 'generate/org', output: 'org' },
  { name: 'auth_plan', query: 'generate/authorization_plan', output: 'work' },
  { name: 'asset_plan', query: 'generate/asset_plan', output: 'work' },
  { name: 'product_plan', query: 'generate/product_plan', output: 'work' },
  { name: 'registration', query: 'generate/registration', output: 'registration' },
  { name: 'authorization_resource', query: 'generate/authorization_resource', output: 'authorization_resource' },
  { name: 'product', query: 'generate/product', output: 'product' },
  { name: 'product_month', query: 'generate/product_month', output: 'work' },
  { name: 'usage', query: 'generate/usage', output: 'usage' },
  { name: 'authorization', query: 'generate/authorization', output: 'authorization' },
];

/** Validate and default the options; a bad value is a usage error naming the option. */
export function normalizeOptions(opts: GenerateOptions): Required<Pick<GenerateOptions, 'scale' | 'seed' | 'outDir'>> {
  const scale = opts.scale ?? DEFAULT_SCALE;
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isFinite(scale) || scale < 0.01 || scale > 1000) {
    throw new AtlasError('usage', `--scale must be a number from 0.01 to 1000, got ${JSON.stringify(opts.scale)}`, 2);
  }
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) {
    throw new AtlasError(
      'usage',
      `--seed must be a whole number from 0 to 2147483647, got ${JSON.stringify(opts.seed)}`,
      2,
    );
  }
  if (!opts.outDir) throw new AtlasError('usage', '--out is required: the folder to write the tables to', 2);
  return { scale, seed, outDir: path.resolve(opts.outDir) };
}

/** Generate the sample data set: every record table as <outDir>/<table>.parquet (zstd), and .csv with `csv`. */
export async function generateSampleData(opts: GenerateOptions): Promise<GenerateReport> {
  const { scale, seed, outDir } = normalizeOptions(opts);
  const started = performance.now();
  const progress = opts.onProgress ?? (() => {});
  fs.mkdirSync(outDir, { recursive: true });
  const work = opts.workDir ? path.resolve(opts.workDir) : fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-generate-'));
  fs.mkdirSync(work, { recursive: true });
  try {
    return await withGeneratorDb(work, opts, async (con) => {
      const params: SqlParams = {
        seed,
        scale,
        as_of: AS_OF,
        region_profile: path.join(PROFILES_DIR, 'region_profile.csv'),
        sector_profile: path.join(PROFILES_DIR, 'sector_profile.csv'),
        planted_cells: path.join(PROFILES_DIR, 'planted_cells.csv'),
        planted_models: path.join(PROFILES_DIR, 'planted_models.csv'),
      };
      const tables = {} as Record<RecordTable, TableReport>;
      for (const step of STEPS) {
        const t0 = performance.now();
        const file =
          step.output === 'work'
            ? path.join(work, `${step.name}.parquet`)
            : path.join(outDir, `${step.output}.parquet`);
        const blockRows = opts.blockRows ?? blockRowsFor(memoryLimit(opts));
        const rows =
          step.output === 'usage'
            ? await writeUsage(con, params, file, work, blockRows, progress)
            : step.output === 'org'
              ? await writeOrg(con, params, file, work, blockRows, progress)
              : await copyQuery(con, sqlFile(step.query), params, file, 'parquet');
        params[step.name] = file;
        if (step.output !== 'work') tables[step.output] = { rows, parquet: file };
        progress(`${step.name}: ${rows} rows in ${seconds(t0)} s`);
      }
      if (opts.csv) {
        for (const table of RECORD_TABLES) {
          const t0 = performance.now();
          const target = path.join(outDir, `${table}.csv`);
          await copyQuery(con, 'SELECT * FROM read_parquet($source)', { source: tables[table].parquet }, target, 'csv');
          tables[table].csv = target;
          progress(`${table}.csv in ${seconds(t0)} s`);
        }
      }
      const ordered = Object.fromEntries(RECORD_TABLES.map((t) => [t, tables[t]])) as Record<RecordTable, TableReport>;
      return { seed, scale, outDir, tables: ordered, seconds: Number(seconds(started)) };
    });
  } finally {
    if (opts.workDir) fs.rmSync(path.join(work, 'spill'), { recursive: true, force: true });
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * A private in-memory DuckDB for generating: the product schema and reference data (ref_region, ref_sector,
 * enum_label) plus the generator's macros, with an explicit memory limit and a spill folder inside `work`.
 */
export async function withGeneratorDb<T>(
  work: string,
  opts: Pick<GenerateOptions, 'memoryLimit' | 'threads'>,
  fn: (con: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const config: Record<string, string> = {
    memory_limit: memoryLimit(opts),
    temp_directory: path.join(work, 'spill'),
  };
  const threads = opts.threads ?? (process.env.ATLAS_THREADS ? Number(process.env.ATLAS_THREADS) : undefined);
  if (threads) config.threads = String(threads);
  const instance = await DuckDBInstance.create(':memory:', config);
  const con = await instance.connect();
  try {
    await applySchema(con);
    await loadReferenceData(con);
    for (const name of listSqlFiles('generate/macros')) await con.run(sqlFile(name));
    return await fn(con);
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}

function memoryLimit(opts: Pick<GenerateOptions, 'memoryLimit'>): string {
  return opts.memoryLimit ?? process.env.ATLAS_MEMORY_LIMIT ?? '1GB';
}

/**
 * Usage rows per block for a DuckDB memory limit: one row per kilobyte of the limit (a million at 1 GB). A block's
 * rows are joined, numbered and sorted at once; a million-row block still completed at 256 MB by spilling, so this
 * leaves the Parquet writer and DuckDB's other memory room.
 */
export function blockRowsFor(limit: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)I?B?\s*$/i.exec(limit);
  const unit = { '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12 }[(m?.[2] ?? 'G').toUpperCase()] ?? 1e9;
  const bytes = m ? Number(m[1]) * unit : 1e9;
  return Math.max(50_000, Math.floor(bytes / 1000));
}

/**
 * Cut ordered items with a planned row count each into blocks of at most `blockRows` rows (a larger item is a block of
 * its own); each block is its first and last item.
 */
export function cutBlocks(items: { id: string; rows: number }[], blockRows: number): { first: string; last: string }[] {
  const blocks: { first: string; last: string; rows: number }[] = [];
  for (const { id, rows } of items) {
    const open = blocks[blocks.length - 1];
    if (open && open.rows + rows <= blockRows) {
      open.last = id;
      open.rows += rows;
    } else blocks.push({ first: id, last: id, rows });
  }
  return blocks.map(({ first, last }) => ({ first, last }));
}

/**
 * Write usage block by block: products in id order, cut into blocks of at most `blockRows` planned rows. Every usage
 * draw depends only on its product, so the rows do not depend on the blocks.
 */
async function writeUsage(
  con: DuckDBConnection,
  params: SqlParams,
  file: string,
  work: string,
  blockRows: number,
  progress: (message: string) => void,
): Promise<number> {
  const planned = await queryRows(
    con,
    `SELECT product_id AS id, sum(n_slots)::BIGINT AS rows FROM read_parquet($product_month) GROUP BY 1 ORDER BY 1`,
    { product_month: params.product_month },
  );
  const blocks = cutBlocks(
    planned.map((r) => ({ id: String(r.id), rows: Number(r.rows) })),
    blockRows,
  ).map((b) => ({ first_product: b.first, last_product: b.last }));
  return writeInBlocks(con, 'generate/usage', params, blocks, file, work, 'usage', progress);
}

/**
 * Write the organisations block by block: every organisation that is not a user first, then the users of runs of
 * regions (in region order) of at most `blockRows` users. User ids sort after all others, so the blocks come in
 * org_id order. A small set is one block.
 */
async function writeOrg(
  con: DuckDBConnection,
  params: SqlParams,
  file: string,
  work: string,
  blockRows: number,
  progress: (message: string) => void,
): Promise<number> {
  const pools = await queryRows(
    con,
    `SELECT region_code AS id, sum(n_users)::BIGINT AS rows FROM read_parquet($user_pools) GROUP BY 1 ORDER BY 1`,
    { user_pools: params.user_pools },
  );
  const userBlocks = cutBlocks(
    pools.map((r) => ({ id: String(r.id), rows: Number(r.rows) })),
    blockRows,
  );
  const blocks: SqlParams[] =
    userBlocks.length === 1
      ? [{ others: true, first_user_region: userBlocks[0].first, last_user_region: userBlocks[0].last }]
      : [
          { others: true, first_user_region: '', last_user_region: '' },
          ...userBlocks.map((b) => ({ others: false, first_user_region: b.first, last_user_region: b.last })),
        ];
  return writeInBlocks(con, 'generate/org', params, blocks, file, work, 'org', progress);
}

/**
 * Run one query per block (its parameters added to `params`), each into a Parquet part, and copy the parts in order
 * into `file`: a streaming read and write, since a scan of a file list keeps the files' order and each file's row
 * order. A single block writes `file` directly.
 */
async function writeInBlocks(
  con: DuckDBConnection,
  query: string,
  params: SqlParams,
  blocks: SqlParams[],
  file: string,
  work: string,
  label: string,
  progress: (message: string) => void,
): Promise<number> {
  const select = sqlFile(query);
  if (blocks.length <= 1) return copyQuery(con, select, { ...params, ...blocks[0] }, file, 'parquet');
  const partsDir = path.join(work, `${label}-parts`);
  fs.mkdirSync(partsDir, { recursive: true });
  const parts: string[] = [];
  try {
    for (const [i, block] of blocks.entries()) {
      const t0 = performance.now();
      const part = path.join(partsDir, `part-${String(i).padStart(5, '0')}.parquet`);
      const rows = await copyQuery(con, select, { ...params, ...block }, part, 'parquet');
      parts.push(part);
      progress(`${label} block ${i + 1}/${blocks.length}: ${rows} rows in ${seconds(t0)} s`);
    }
    return await copyQuery(con, 'SELECT * FROM read_parquet($parts)', { parts }, file, 'parquet');
  } finally {
    fs.rmSync(partsDir, { recursive: true, force: true });
  }
}

/** Run one SELECT and stream its rows into a file (zstd Parquet, or CSV with a header); returns the rows written. */
export async function copyQuery(
  con: DuckDBConnection,
  select: string,
  params: SqlParams,
  file: string,
  format: 'parquet' | 'csv',
): Promise<number> {
  const options = format === 'parquet' ? 'FORMAT parquet, COMPRESSION zstd' : 'FORMAT csv, HEADER true';
  const stmt = await prepareBound(con, `COPY (${select}) TO $target (${options})`, { ...params, target: file });
  const result = await stmt.runAndReadAll();
  return Number(result.getRows()[0]?.[0] ?? 0);
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}
