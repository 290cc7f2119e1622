/**
 * Keeping the materialised indicator facts current (facts.ts). They live in the cache database beside the product's
 * database and persist across restarts, with a stored fingerprint of what they were derived from (fingerprint.sql)
 * and of how (the facts' definition). Each sync compares the two and does the least that makes them current:
 *
 * - nothing, when the fingerprint is unchanged (a restart on the same data);
 * - an incremental update, when the change is explained by committed batches after the stored one: usage rows those
 *   batches added are summed (bit-ORed for the month masks) into their groups, and every group a replaced usage row
 *   belonged to is recomputed from the live rows; asset and product facts, a few rows per registration, are recomputed
 *   whole when a non-usage batch came;
 * - a full rebuild otherwise: no facts yet, another definition, or records changed outside batches.
 *
 * The product's database and the cache database are two DuckDB files, and one transaction can write to only one of
 * them, so the facts are brought up to date after the batch commits, in one transaction of their own together with the
 * new fingerprint: a crash in between leaves facts and fingerprint of the previous version, which the next sync (at
 * start) recognises and updates from the batches committed since.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AtlasDb } from '../db/database.ts';
import { queryOne, queryRows } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import { quoteIdent } from '../db/sql-text.ts';
import { CACHE_SCHEMA, FACTS, type Fact, type FactTables } from './fact-names.ts';

/** Raised when the incremental update's SQL changes in a way that makes stored facts unusable. */
const SYNC_FORMAT = 2;

/**
 * How much the month-mask facts may grow by appended rows before they are compacted (0.5: by half of their compacted
 * size). Between compactions a reader scans that much more; a compaction rewrites the whole fact.
 */
export const COMPACT_GROWTH = 0.5;

/** The fixed table of each fact in the cache database (a function: facts.ts and this module import each other). */
export const factTables = () => Object.fromEntries(FACTS.map((f) => [f, `${CACHE_SCHEMA}.fact_${f}`])) as FactTables;
/** The one-row table of the facts' fingerprint and definition. */
const metaTable = () => `${CACHE_SCHEMA}.facts_meta`;
/** Each month-mask fact's row count when last compacted (or rebuilt): the base of COMPACT_GROWTH. */
const compactTable = () => `${CACHE_SCHEMA}.facts_compact`;

export type Fingerprint = {
  last_batch_id: number;
  committed_batches: number;
  usage_rows: number;
  history_rows: number;
  other_rows: number;
};

type Meta = Fingerprint & { definition: string };

export type SyncMode = 'current' | 'incremental' | 'rebuild';

export interface SyncResult {
  mode: SyncMode;
  /** Why a rebuild was needed, or which batches an incremental update applied. */
  reason: string;
  ms: number;
  /** Whether appended month masks have grown past COMPACT_GROWTH, so compactFacts should run (after an incremental update). */
  compactionDue?: boolean;
}

let definitionHash: string | null = null;

/**
 * The facts' definition: their SQL, the reference regions they join (reloaded at every start from the shipped CSV)
 * and the sync format. Stored facts of another definition are rebuilt.
 */
export function factsDefinition(): string {
  if (!definitionHash) {
    const h = createHash('sha256').update(`sync ${SYNC_FORMAT}\n`);
    for (const f of FACTS) h.update(sqlFile(`facts/${f}`));
    h.update(fs.readFileSync(path.join(import.meta.dirname, '..', 'db', 'reference', 'regions.csv')));
    definitionHash = h.digest('hex').slice(0, 16);
  }
  return definitionHash;
}

/** The usage-derived facts, each with its grouping, measures and recompute key (see incrementalStatements). */
interface UsageFact {
  fact: Fact;
  keys: string[];
  /** Measures that add up (sum over the group; NULL where no row had a value). */
  sums?: string[];
  /** Month bit masks (bit_or over the group). */
  bits?: string[];
  /**
   * The recompute key: fact columns, each computed from a usage row (alias `u`) by the function beside it, such that all
   * usage rows of a fact group share one value. A replaced usage row makes every group of its key value recomputed.
   */
  recompute: Record<string, (u: string) => string>;
}

const block = (u: string) => `CAST((year(${u}.period_month) * 12 + month(${u}.period_month) - 1) // 64 AS INTEGER)`;
const column = (name: string) => (u: string) => `${u}.${name}`;
const SCENARIO_KEYS = ['scenario_name', 'sector_code', 'auth_mode', 'product_form', 'charge_basis', 'region_code'];

const USAGE_FACTS: UsageFact[] = [
  {
    fact: 'usage_month',
    keys: ['period_month', 'region_code', 'sector_code', 'user_type', 'use_purpose'],
    sums: ['calls', 'cross_region_calls', 'paid_amount'],
    recompute: {
      period_month: column('period_month'),
      region_code: column('provider_region_code'),
      user_type: column('user_type'),
      use_purpose: column('use_purpose'),
    },
  },
  {
    fact: 'usage_user',
    keys: ['region_code', 'sector_code', 'user_org_id', 'user_type', 'use_purpose', 'block'],
    bits: ['call_months', 'paid_months', 'any_months'],
    recompute: {
      region_code: column('provider_region_code'),
      user_org_id: column('user_org_id'),
      user_type: column('user_type'),
      use_purpose: column('use_purpose'),
      block,
    },
  },
  {
    // A scenario group is fixed by no usage column short of the product, which the fact does not keep: a replaced row
    // recomputes its whole month.
    fact: 'scenario_month',
    keys: [...SCENARIO_KEYS, 'period_month'],
    sums: ['calls', 'paid_amount_cny'],
    recompute: { period_month: column('period_month') },
  },
  {
    fact: 'scenario_user',
    keys: [...SCENARIO_KEYS, 'user_org_id', 'block'],
    bits: ['usage_months', 'paid_months'],
    recompute: { user_org_id: column('user_org_id'), block },
  },
];

/** The replaced usage rows (history of batches after `last`) with the usage columns the recompute keys read. */
const replacedUsage = (last: number) => `SELECT CAST(record->>'period_month' AS DATE) AS period_month,
         record->>'provider_region_code' AS provider_region_code, record->>'user_org_id' AS user_org_id,
         record->>'user_type' AS user_type, record->>'use_purpose' AS use_purpose
  FROM record_history WHERE table_name = 'usage' AND superseded_by_batch > ${last}`;

/**
 * The statements that bring one usage fact from the batches up to `last` to the live records, given that batches after
 * `last` explain every change (checked by the caller). Groups touched by a replaced row are deleted and recomputed from
 * the live rows of their recompute key; the other live rows of the new batches are then added to their groups. The
 * two sets of groups are disjoint (a group's rows share one key value), so nothing is counted twice. The fact's own
 * query computes both, over `usage` narrowed by a CTE of that name: one definition for full and partial builds.
 *
 * Sums are merged into their groups (those facts have a row per month: a new month adds rows, it updates none). The
 * month masks are appended as rows of their own: a new month sets a bit in most users' existing rows, and updating
 * those rows in place cost what the fact holds, not what the batch adds (at 100M usage rows, 9.8M groups of a month:
 * the update 67 s, the append 8 s). Their readers OR the masks of a group or count its users once (any number of rows
 * per group gives the same answer: factAsRead), and compactFacts merges the rows again in the background.
 */
function incrementalStatements(f: UsageFact, last: number, mainDb: string): string[] {
  const table = factTables()[f.fact];
  const kcols = Object.keys(f.recompute);
  const touched = `touched AS (SELECT DISTINCT ${kcols.map((c) => `${f.recompute[c]('r')} AS ${c}`).join(', ')}
    FROM (${replacedUsage(last)}) r)`;
  const onKey = kcols.map((c) => `${f.recompute[c]('u')} = t.${c}`).join(' AND ');
  const usage = `${mainDb}.main.usage`;
  const over = (usageSql: string) =>
    `WITH ${touched}, usage AS (${usageSql}) SELECT * FROM (${sqlFile(`facts/${f.fact}`)})`;
  const recomputed = over(`SELECT u.* FROM ${usage} u SEMI JOIN touched t ON ${onKey}`);
  const added = over(
    `SELECT u.* FROM (SELECT * FROM ${usage} WHERE batch_id > ${last}) u ANTI JOIN touched t ON ${onKey}`,
  );
  // every key is NOT NULL (the record columns they come from are; scenario_name is filtered on)
  const match = f.keys.map((k) => `f.${k} = d.${k}`).join(' AND ');
  const sets = [
    ...(f.sums ?? []).map(
      (m) =>
        `${m} = CASE WHEN f.${m} IS NULL AND d.${m} IS NULL THEN NULL ELSE coalesce(f.${m}, 0) + coalesce(d.${m}, 0) END`,
    ),
  ];
  return [
    `DELETE FROM ${table} f USING (WITH ${touched} SELECT * FROM touched) t
     WHERE ${kcols.map((c) => `f.${c} = t.${c}`).join(' AND ')}`,
    `INSERT INTO ${table} BY NAME ${recomputed}`,
    f.bits
      ? `INSERT INTO ${table} BY NAME ${added}`
      : `MERGE INTO ${table} f USING (${added}) d ON ${match}
     WHEN MATCHED THEN UPDATE SET ${sets.join(', ')}
     WHEN NOT MATCHED THEN INSERT BY NAME`,
  ];
}

const MASK_FACTS = USAGE_FACTS.filter((f) => f.bits);

/**
 * A fact as its readers see it, in its query's columns: a month-mask fact's rows of one group ORed into one (they may
 * be several between compactions), any other fact as stored. Equal to the fact's query over all records, row for row.
 */
export function factAsRead(fact: Fact): string {
  const f = MASK_FACTS.find((m) => m.fact === fact);
  const table = factTables()[fact];
  if (!f) return `SELECT * FROM ${table}`;
  return `SELECT ${f.keys.join(', ')}, ${f.bits!.map((b) => `bit_or(${b}) AS ${b}`).join(', ')}
  FROM ${table} GROUP BY ${f.keys.join(', ')}`;
}

export interface CompactResult {
  /** The facts compacted, each with its rows before and after. */
  facts: { fact: Fact; before: number; after: number }[];
  ms: number;
}

/**
 * Merge the appended rows of the month-mask facts that have grown by more than COMPACT_GROWTH since they were last
 * compacted (see incrementalStatements), each rewritten as factAsRead gives it, in one transaction: readers meanwhile
 * read the rows as they were, which give the same answers. Queued with the syncs, so none runs beside it. `con` must
 * have the cache database attached.
 */
export function compactFacts(db: AtlasDb, con: DuckDBConnection, force = false): Promise<CompactResult> {
  return queued(db, () => compact(con, force));
}

async function compact(con: DuckDBConnection, force: boolean): Promise<CompactResult> {
  const started = performance.now();
  const facts: CompactResult['facts'] = [];
  if (!(await cacheTables(con)).includes('facts_compact')) return { facts, ms: 0 };
  await inTransaction(con, async () => {
    for (const g of await growth(con)) {
      if (!force && !g.due) continue;
      const table = factTables()[g.fact];
      await con.run(`CREATE OR REPLACE TABLE ${table} AS ${factAsRead(g.fact)}`);
      const after = await countRows(con, table);
      await con.run(`UPDATE ${compactTable()} SET rows = $rows WHERE fact = $fact`, { rows: after, fact: g.fact });
      facts.push({ fact: g.fact, before: g.rows, after });
    }
  });
  return { facts, ms: performance.now() - started };
}

const countRows = async (con: DuckDBConnection, table: string) =>
  Number((await queryOne<{ n: number }>(con, `SELECT count(*) AS n FROM ${table}`))!.n);

/** Each month-mask fact's rows now, its rows when last compacted, and whether it has grown past COMPACT_GROWTH. */
async function growth(con: DuckDBConnection) {
  const out: { fact: Fact; rows: number; due: boolean }[] = [];
  for (const f of MASK_FACTS) {
    const rows = await countRows(con, factTables()[f.fact]);
    const base = await queryOne<{ rows: number }>(con, `SELECT rows FROM ${compactTable()} WHERE fact = $fact`, {
      fact: f.fact,
    });
    out.push({ fact: f.fact, rows, due: rows > Number(base?.rows ?? 0) * (1 + COMPACT_GROWTH) });
  }
  return out;
}

/** Record each month-mask fact's rows as compacted (after a rebuild, whose facts have one row per group). */
async function writeCompacted(con: DuckDBConnection): Promise<void> {
  await con.run(`CREATE OR REPLACE TABLE ${compactTable()} (fact VARCHAR PRIMARY KEY, rows BIGINT)`);
  for (const f of MASK_FACTS)
    await con.run(`INSERT INTO ${compactTable()} VALUES ($fact, $rows)`, {
      fact: f.fact,
      rows: await countRows(con, factTables()[f.fact]),
    });
}

/**
 * Serialises the syncs and compactions of one database (several stores may share an instance; their tables are the
 * same): `fn` runs after the last one queued, whether that succeeded or not.
 */
const queues = new WeakMap<AtlasDb, Promise<unknown>>();
function queued<T>(db: AtlasDb, fn: () => Promise<T>): Promise<T> {
  const run = (queues.get(db) ?? Promise.resolve()).catch(() => undefined).then(fn);
  queues.set(db, run);
  return run;
}

/** Run `fn` in one transaction: committed when it resolves, rolled back when it throws. */
async function inTransaction<T>(con: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await con.run('BEGIN TRANSACTION');
  try {
    const result = await fn();
    await con.run('COMMIT');
    return result;
  } catch (err) {
    await con.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/**
 * Bring the facts of `db` up to date (see the module comment); `rebuild` forces a full rebuild (the benchmark's figure
 * of one). `con` must have the cache database attached.
 */
export function syncFacts(db: AtlasDb, con: DuckDBConnection, rebuild = false): Promise<SyncResult> {
  return queued(db, () => sync(con, rebuild));
}

async function sync(con: DuckDBConnection, force: boolean): Promise<SyncResult> {
  const started = performance.now();
  const done = (mode: SyncMode, reason: string): SyncResult => ({ mode, reason, ms: performance.now() - started });
  const mainDb = quoteIdent((await queryOne<{ db: string }>(con, 'SELECT current_database() AS db'))!.db);
  // Listed before the transaction: duckdb_tables() visits every attached database, and a transaction that did keeps
  // their files open, so an analyst snapshot detached meanwhile could not be attached again until it ended.
  const existing = await cacheTables(con);
  return inTransaction(con, async () => {
    // one snapshot for the fingerprint and the update: a batch committed meanwhile is left for the next sync
    const now = (await queryOne<Fingerprint>(con, sqlFile('facts/sync/fingerprint')))!;
    const meta = await readMeta(con, existing);
    if (force) return rebuild(con, existing, now, 'rebuild asked for', done);
    if (!meta) return rebuild(con, existing, now, 'no stored facts', done);
    if (meta.definition !== factsDefinition()) return rebuild(con, existing, now, 'facts definition changed', done);
    if (sameFingerprint(meta, now)) return done('current', `data unchanged since batch ${meta.last_batch_id}`);
    const why = await whyNotIncremental(con, meta, now);
    return why ? rebuild(con, existing, now, why, done) : incremental(con, meta, now, mainDb, done);
  });
}

const FINGERPRINT_FIELDS: (keyof Fingerprint)[] = [
  'last_batch_id',
  'committed_batches',
  'usage_rows',
  'history_rows',
  'other_rows',
];

const sameFingerprint = (a: Fingerprint, b: Fingerprint) => FINGERPRINT_FIELDS.every((k) => a[k] === b[k]);

async function cacheTables(con: DuckDBConnection): Promise<string[]> {
  const tables = await queryRows<{ name: string }>(
    con,
    `SELECT table_name AS name FROM duckdb_tables() WHERE database_name = '${CACHE_SCHEMA}' AND schema_name = 'main'`,
  );
  return tables.map((t) => t.name);
}

async function readMeta(con: DuckDBConnection, existing: string[]): Promise<Meta | null> {
  const have = new Set(existing);
  if (!have.has('facts_meta') || !have.has('facts_compact') || FACTS.some((f) => !have.has(`fact_${f}`))) return null;
  return (await queryOne<Meta>(con, `SELECT * FROM ${metaTable()}`)) ?? null;
}

/** Null when the batches after the stored one explain the change; otherwise why the facts must be rebuilt. */
async function whyNotIncremental(con: DuckDBConnection, meta: Meta, now: Fingerprint): Promise<string | null> {
  if (now.last_batch_id <= meta.last_batch_id) return 'records changed outside ingest batches';
  const p = (await queryOne<{
    kinds: string[];
    usage_added: number;
    usage_replaced: number;
    history_added: number;
    committed_before: number;
  }>(con, sqlFile('facts/sync/pending'), { last_batch_id: meta.last_batch_id }))!;
  if (p.committed_before !== meta.committed_batches) return 'the batches the facts were built from changed';
  if (now.usage_rows !== meta.usage_rows + p.usage_added - p.usage_replaced)
    return 'usage rows changed outside ingest batches';
  if (now.history_rows !== meta.history_rows + p.history_added) return 'record history changed outside ingest batches';
  const kinds = [...p.kinds];
  if (kinds.every((k) => k === 'usage') && now.other_rows !== meta.other_rows)
    return 'records changed outside ingest batches';
  if (kinds.some((k) => k === 'product' || k === 'authorization')) {
    const moved = (await queryOne<{ n: number }>(con, sqlFile('facts/sync/moved_products'), {
      last_batch_id: meta.last_batch_id,
    }))!.n;
    if (moved > 0) return `${moved} products or authorizations moved to other fact groups`;
  }
  return null;
}

type Done = (mode: SyncMode, reason: string) => SyncResult;

async function rebuild(
  con: DuckDBConnection,
  existing: string[],
  now: Fingerprint,
  reason: string,
  done: Done,
): Promise<SyncResult> {
  // anything else in the cache database is a leftover (facts of an older layout): dropped with the rebuild
  for (const name of existing) await con.run(`DROP TABLE IF EXISTS ${CACHE_SCHEMA}.main.${quoteIdent(name)}`);
  for (const f of FACTS) await con.run(`CREATE TABLE ${factTables()[f]} AS ${sqlFile(`facts/${f}`)}`);
  await writeCompacted(con);
  await writeMeta(con, now, true);
  return done('rebuild', reason);
}

async function incremental(
  con: DuckDBConnection,
  meta: Meta,
  now: Fingerprint,
  mainDb: string,
  done: Done,
): Promise<SyncResult> {
  const { kinds } = (await queryOne<{ kinds: string[] }>(con, sqlFile('facts/sync/pending'), {
    last_batch_id: meta.last_batch_id,
  }))!;
  if ([...kinds].some((k) => k !== 'usage'))
    for (const f of ['asset', 'product'] as const)
      await con.run(`CREATE OR REPLACE TABLE ${factTables()[f]} AS ${sqlFile(`facts/${f}`)}`);
  if ([...kinds].includes('usage'))
    for (const f of USAGE_FACTS) {
      const table = factTables()[f.fact];
      // a fact empty before (no usage until these batches) gets one row per group from one statement: compact already
      const wasEmpty = !!f.bits && (await countRows(con, table)) === 0;
      for (const sql of incrementalStatements(f, meta.last_batch_id, mainDb)) await con.run(sql);
      if (wasEmpty)
        await con.run(`UPDATE ${compactTable()} SET rows = $rows WHERE fact = $fact`, {
          rows: await countRows(con, table),
          fact: f.fact,
        });
    }
  await writeMeta(con, now, false);
  const result = done(
    'incremental',
    `batches ${meta.last_batch_id + 1}–${now.last_batch_id} (${[...kinds].join(', ')})`,
  );
  return { ...result, compactionDue: (await growth(con)).some((g) => g.due) };
}

async function writeMeta(con: DuckDBConnection, now: Fingerprint, create: boolean): Promise<void> {
  const values = `'${factsDefinition()}' AS definition, ${FINGERPRINT_FIELDS.map((k) => `${Number(now[k])} AS ${k}`).join(', ')}`;
  if (create) await con.run(`CREATE OR REPLACE TABLE ${metaTable()} AS SELECT ${values}`);
  else {
    await con.run(`DELETE FROM ${metaTable()}`);
    await con.run(`INSERT INTO ${metaTable()} BY NAME SELECT ${values}`);
  }
}

/** Whether stored facts exist and are current: of this definition and derived from the records as they are now. */
export async function factsCurrent(con: DuckDBConnection): Promise<boolean> {
  const meta = await readMeta(con, await cacheTables(con));
  if (!meta || meta.definition !== factsDefinition()) return false;
  return sameFingerprint(meta, (await queryOne<Fingerprint>(con, sqlFile('facts/sync/fingerprint')))!);
}
