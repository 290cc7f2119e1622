/**
 * The derived usage facts, shared by the features that read them (the indicator engine, the dashboard): their
 * definitions (queries/facts/), the cache database that holds them, and the store that keeps them current.
 */
import fs from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AtlasDb } from '../db/database.ts';
import { sqlFile } from '../db/sql-files.ts';
import { quoteString } from '../db/sql-text.ts';
import { compactFacts, factTables, syncFacts, type CompactResult, type SyncResult } from './fact-sync.ts';

import { CACHE_SCHEMA, FACTS, type FactTables } from './fact-names.ts';

export { CACHE_SCHEMA, FACTS, type Fact, type FactTables } from './fact-names.ts';

/**
 * The queries that read the facts (they bind only with the facts in front: see factSql; facts.test.ts binds them): the
 * indicator engine's, and the dashboard's measures, whose distinct users come from the users' month masks.
 */
export const FACT_READERS = [
  'indicators/inputs',
  'indicators/evidence_supply',
  'indicators/models',
  'dashboard/measures',
] as const;
export type FactReader = (typeof FACT_READERS)[number];

/**
 * A query that reads the facts, with the facts in front of it: each fact read from a materialised table, or, without
 * tables, computed by its own query inside the statement (the same definition either way).
 */
export function factSql(name: FactReader, tables?: FactTables | null): string {
  const ctes = FACTS.map((f) => `fact_${f} AS (${tables ? `SELECT * FROM ${tables[f]}` : sqlFile(`facts/${f}`)})`);
  const body = sqlFile(name);
  const at = body.search(/^WITH /m);
  if (at < 0) throw new Error(`${name}.sql must start its query with WITH`);
  return `${body.slice(0, at)}WITH ${ctes.join(',\n')},\n${body.slice(at + 'WITH '.length)}`;
}

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
 * file, is a file of its own (`<name>.indicator-cache.duckdb`), so large facts spill and compress like any table and
 * never enter the product's database; it persists across restarts, with the fingerprint of the data the facts were
 * derived from (fact-sync.ts). A cache file that cannot be attached (damaged, or written by another DuckDB version) is
 * removed and a new one started: it holds nothing that cannot be derived again. Beside an in-memory database it is in
 * memory. The inputs' database is always in memory. False where the instance cannot attach them (a read-only
 * database): callers then compute everything per request.
 */
export function attachCache(db: AtlasDb, con: DuckDBConnection): Promise<boolean> {
  let p = attached.get(db);
  if (!p) {
    const file = db.path === ':memory:' ? ':memory:' : cacheFile(db.path);
    const attach = () => con.run(`ATTACH IF NOT EXISTS ${quoteString(file)} AS ${CACHE_SCHEMA}`);
    p = attach()
      .catch(async (err) => {
        if (file === ':memory:' || db.readOnly) throw err;
        for (const f of [file, `${file}.wal`]) fs.rmSync(f, { force: true });
        await attach();
      })
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
 * The indicator facts of the current data version, materialised in the cache database, so an indicator request reads
 * small derived tables instead of re-deriving resource versions and product registrations from the record tables. They
 * persist across restarts and follow each ingest batch incrementally (fact-sync.ts); a request for a data version
 * waits for its sync. Like the usage rollup, they are derived data: every request still sees the current records.
 */
export class FactStore {
  private synced: { version: number; tables: Promise<FactTables | null> } | null = null;
  /** Milliseconds the last sync took (for logs and the benchmark). */
  lastBuildMs: number | null = null;
  /** What the last sync did (nothing, an incremental update or a rebuild) and why. */
  lastSync: SyncResult | null = null;
  /** Why the last sync failed, if it did. */
  lastError: unknown = null;
  /**
   * The compaction of appended month masks started after the last sync that made one due (fact-sync.ts), in the
   * background: nothing waits for it but the next sync. Null when none was due or it failed (`lastError`).
   */
  compaction: Promise<CompactResult | null> = Promise.resolve(null);

  constructor(
    private db: AtlasDb,
    private enabled = true,
  ) {}

  /** Bring the facts up to date now (after start-up or an ingest) rather than on the next request. */
  warm(): Promise<FactTables | null> {
    return this.db.withConnection((con) => this.tables(con));
  }

  /** The fact tables, current for the data version (synced on first use), or null where they cannot be materialised. */
  tables(con: DuckDBConnection): Promise<FactTables | null> {
    const version = this.db.dataVersion;
    if (this.synced?.version !== version) {
      const tables = this.sync(con);
      this.synced = { version, tables };
      tables.catch(() => {
        if (this.synced?.tables === tables) this.synced = null;
      });
    }
    return this.synced.tables;
  }

  /** Rebuild the facts from all records whatever their fingerprint says (the benchmark's figure of a full build). */
  rebuild(): Promise<FactTables | null> {
    const tables = this.db.withConnection((con) => this.sync(con, true));
    this.synced = { version: this.db.dataVersion, tables };
    return tables;
  }

  /** Null when the facts cannot be materialised (no cache database, or the sync failed: `lastError`). */
  private async sync(con: DuckDBConnection, rebuild = false): Promise<FactTables | null> {
    if (!this.enabled || !(await attachCache(this.db, con))) return null;
    try {
      this.lastSync = await syncFacts(this.db, con, rebuild);
    } catch (err) {
      // queries then derive the facts themselves, as without a cache database
      this.lastError = err;
      return null;
    }
    this.lastBuildMs = this.lastSync.ms;
    if (this.lastSync.compactionDue) this.compactLater();
    return factTables();
  }

  private compactLater(): void {
    this.compaction = this.db
      .withConnection((con) => compactFacts(this.db, con))
      .catch((err) => {
        this.lastError = err;
        return null;
      });
  }

  /** Wait for a sync or compaction in progress (server shutdown); the facts themselves stay for the next start. */
  async clear(): Promise<void> {
    await this.synced?.tables.catch(() => null);
    await this.compaction;
  }
}

const stores = new WeakMap<AtlasDb, FactStore>();

/**
 * The fact store of an instance, shared by the features that read the facts, so that one sync per data version serves
 * them all and each waits for the same one.
 */
export function factStoreOf(db: AtlasDb): FactStore {
  let store = stores.get(db);
  if (!store) stores.set(db, (store = new FactStore(db)));
  return store;
}
