import fs from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AtlasDb } from '../db/database.ts';
import { sqlFile } from '../db/sql-files.ts';
import { quoteString } from '../db/sql-text.ts';

/** The indicator facts (queries/indicators/facts/<name>.sql), read by inputs.sql as fact_<name>. */
export const FACTS = ['asset', 'product', 'usage_month', 'usage_user', 'scenario_month', 'scenario_user'] as const;
export type Fact = (typeof FACTS)[number];
/** Where each fact was materialised (table names in the cache database). */
export type FactTables = Record<Fact, string>;

/** The queries that read the facts (they bind only with the facts in front: see factSql; facts.test.ts binds them). */
export const FACT_READERS = ['indicators/inputs', 'indicators/evidence_supply', 'indicators/models'] as const;
export type FactReader = (typeof FACT_READERS)[number];

/**
 * A query that reads the facts, with the facts in front of it: each fact read from a materialised table, or, without
 * tables, computed by its own query inside the statement (the same definition either way).
 */
export function factSql(name: FactReader, tables?: FactTables | null): string {
  const ctes = FACTS.map(
    (f) => `fact_${f} AS (${tables ? `SELECT * FROM ${tables[f]}` : sqlFile(`indicators/facts/${f}`)})`,
  );
  const body = sqlFile(name);
  const at = body.search(/^WITH /m);
  if (at < 0) throw new Error(`${name}.sql must start its query with WITH`);
  return `${body.slice(0, at)}WITH ${ctes.join(',\n')},\n${body.slice(at + 'WITH '.length)}`;
}

/** inputs.sql over the given facts (inline without tables). */
export const inputsSql = (tables?: FactTables | null) => factSql('indicators/inputs', tables);

/** The cache database, attached to the instance, that holds the indicator facts. */
export const CACHE_SCHEMA = 'atlas_indicator_cache';

/**
 * The in-memory database, attached beside it, that holds the cached indicator inputs: a few hundred rows per request
 * at any scale (one per entity and window), written on every input-cache miss and dropped on eviction. In the file
 * database each of those writes was a commit to its write-ahead log, and now and then a checkpoint that stalled the
 * request (cell inputs built and evicted as the cold server does, 230 interleaved builds: p50 58.0 → 55.4 ms, p95
 * 78.4 → 71.8 ms, slowest 485 → 92 ms).
 */
export const INPUTS_SCHEMA = 'atlas_indicator_inputs';

const attached = new WeakMap<AtlasDb, Promise<boolean>>();

/**
 * Attach the cache databases once per instance (visible to every connection). The facts' database, beside a database
 * file, is a file of its own (`<name>.indicator-cache.duckdb`, emptied at start), so large facts spill and compress like
 * any table and never enter the product's database; beside an in-memory database it is in memory. The inputs' database
 * is always in memory. False where the instance cannot attach them (a read-only database): callers then compute
 * everything per request.
 */
export function attachCache(db: AtlasDb, con: DuckDBConnection): Promise<boolean> {
  let p = attached.get(db);
  if (!p) {
    const file = db.path === ':memory:' ? ':memory:' : cacheFile(db.path);
    if (file !== ':memory:') for (const f of [file, `${file}.wal`]) fs.rmSync(f, { force: true });
    p = con
      .run(`ATTACH IF NOT EXISTS ${quoteString(file)} AS ${CACHE_SCHEMA}`)
      .then(() => con.run(`ATTACH IF NOT EXISTS ':memory:' AS ${INPUTS_SCHEMA}`))
      .then(
        () => true,
        () => false,
      );
    attached.set(db, p);
  }
  return p;
}

/** The cache file beside a database file. */
export const cacheFile = (dbPath: string) => `${dbPath.replace(/\.duckdb$/, '')}.indicator-cache.duckdb`;

let tableSeq = 0;

/** A new table name in the cache database (or `schema`), unique in this process (several stores may share one instance). */
export const cacheTableName = (prefix: string, schema = CACHE_SCHEMA) => `${schema}.${prefix}_${++tableSeq}`;

/**
 * The indicator facts of the current data version, materialised once in the cache database, so an indicator request
 * reads small derived tables instead of re-deriving resource versions and product registrations from the record
 * tables. A new ingest batch makes them stale; they are rebuilt on the next request (or at once, by
 * `warm`). Like the usage rollup, they are derived data: every request still sees the current records.
 */
export class FactStore {
  private built: { version: number; tables: Promise<FactTables | null> } | null = null;
  private retired: Promise<FactTables | null> | null = null;
  /** Milliseconds the last build took (for logs and the benchmark). */
  lastBuildMs: number | null = null;
  /** Why the last build failed, if it did. */
  lastError: unknown = null;

  constructor(
    private db: AtlasDb,
    private enabled = true,
  ) {
    db.onDataChanged(() => this.retire());
  }

  /** Build the facts now (after start-up or an ingest) rather than on the next request. */
  warm(): Promise<FactTables | null> {
    return this.db.withConnection((con) => this.tables(con));
  }

  /** The fact tables of the current data version (built on first use), or null where they cannot be materialised. */
  tables(con: DuckDBConnection): Promise<FactTables | null> {
    const version = this.db.dataVersion;
    if (this.built?.version !== version) {
      const tables = this.build(con);
      this.built = { version, tables };
      tables.catch(() => {
        if (this.built?.tables === tables) this.built = null;
      });
    }
    return this.built.tables;
  }

  /** Null when the facts cannot be materialised (no cache database, or the build failed: `lastError`). */
  private async build(con: DuckDBConnection): Promise<FactTables | null> {
    if (!this.enabled || !(await attachCache(this.db, con))) return null;
    const started = performance.now();
    const tables = {} as FactTables;
    try {
      for (const f of FACTS) {
        tables[f] = cacheTableName(`fact_${f}`);
        await con.run(`CREATE OR REPLACE TABLE ${tables[f]} AS ${sqlFile(`indicators/facts/${f}`)}`);
      }
    } catch (err) {
      // queries then derive the facts themselves, as without a cache database
      this.lastError = err;
      for (const t of Object.values(tables)) await con.run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
      return null;
    }
    this.lastBuildMs = performance.now() - started;
    return tables;
  }

  /**
   * A data change retires the current facts; they are dropped at the next change, not now, so a request that has just
   * been handed their names can still read them.
   */
  private async retire(): Promise<void> {
    const old = this.retired;
    this.retired = this.built?.tables ?? null;
    this.built = null;
    await this.drop(old);
  }

  private async drop(p: Promise<FactTables | null> | null): Promise<void> {
    const tables = await p?.catch(() => null);
    if (!tables) return;
    await this.db
      .withConnection(async (con) => {
        for (const t of Object.values(tables)) await con.run(`DROP TABLE IF EXISTS ${t}`);
      })
      .catch(() => undefined);
  }

  /** Drop every fact table (server shutdown). */
  async clear(): Promise<void> {
    const all = [this.retired, this.built?.tables ?? null];
    this.retired = null;
    this.built = null;
    for (const p of all) await this.drop(p);
  }
}
