import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import type { AtlasDb } from '../db/database.ts';
import { NATIONAL, type Scope } from '../db/scope.ts';
import { quoteIdent, quoteString } from '../db/sql-text.ts';
import type { Logger } from '../log.ts';
import { hiddenLeftovers, openHidden, type HiddenInstance } from './hidden-open.ts';
import { ScopeSnapshots } from './scope-snapshots.ts';
import { tempPrefix } from './temp-leftovers.ts';
import { pruneToAnalystTables, SnapshotBuilder } from './snapshot-builder.ts';
import { leaseOf, removeSnapshotFiles, retire, Snapshot, type SnapshotLease } from './snapshot-lease.ts';

export type { SnapshotLease };

export interface SandboxConfig {
  /** DuckDB memory_limit of the sandbox instance, shared by the analyst queries running at once. */
  memoryLimit: string;
  /** DuckDB threads of the sandbox instance (each connection's calling thread also works on its own query). */
  threads: number;
  /** Cap on what a query may spill to disk (the snapshot's .tmp folder). */
  maxTempSize: string;
}

export function sandboxConfigFromEnv(): SandboxConfig {
  return {
    memoryLimit: process.env.ATLAS_SQL_MEMORY_LIMIT ?? '1GB',
    threads: Number(process.env.ATLAS_SQL_THREADS ?? 1) || 1,
    maxTempSize: process.env.ATLAS_SQL_MAX_TEMP_SIZE ?? '2GB',
  };
}

/**
 * Open a database file as the analyst sandbox: read-only, no file system access (no reader functions, replacement
 * scans, COPY, EXPORT, ATTACH of files, INSTALL or LOAD), settings locked, memory and threads bounded. These are
 * create options, so they hold before any analyst statement runs. temp_directory cannot be combined with
 * enable_external_access=false, so spilling goes to DuckDB's default "<file>.tmp" folder, capped by maxTempSize.
 */
export async function openSandboxInstance(file: string, config: SandboxConfig): Promise<DuckDBInstance> {
  return DuckDBInstance.create(file, {
    ...readOnlyOptions(config),
    enable_external_access: 'false',
    lock_configuration: 'true',
  });
}

/** A snapshot opened as the analyst sandbox (openSandboxInstance) through a removed link, so its bytes stay out of reach. */
export function openSandboxSnapshot(file: string, config: SandboxConfig): Promise<HiddenInstance> {
  return openHidden(file, (link) => openSandboxInstance(link, config));
}

/** A directory setting that names no real folder (nothing may be read or installed there anyway). */
const NO_DIRECTORY = 'disabled';

/** Read-only, no extension loading, memory, threads and spill bounded: what every instance on a snapshot shares. */
export function readOnlyOptions(config: SandboxConfig): Record<string, string> {
  return {
    access_mode: 'READ_ONLY',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    allow_community_extensions: 'false',
    allow_unsigned_extensions: 'false',
    memory_limit: config.memoryLimit,
    threads: String(config.threads),
    max_temp_directory_size: config.maxTempSize,
    // by default both are under the home folder, which duckdb_settings() and refusal messages would then show
    secret_directory: NO_DIRECTORY,
    extension_directory: NO_DIRECTORY,
  };
}

/** Where a database's analyst snapshots live: next to it, data/atlas.duckdb → data/atlas.analyst/. */
export function snapshotDir(dbPath: string): string {
  return path.join(path.dirname(dbPath), `${path.basename(dbPath, path.extname(dbPath))}.analyst`);
}

/** The newest snapshot file in a snapshot folder, if any (used by `atlas sql` while the server holds the database). */
export function newestSnapshot(dir: string): { file: string; mtime: Date } | null {
  if (!fs.existsSync(dir)) return null;
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^snapshot-\d+-\d+\.duckdb$/.test(f))
    .map((f) => ({ file: path.join(dir, f), mtime: fs.statSync(path.join(dir, f)).mtime }))
    .sort((a, b) => b.mtime.getTime() - a.mtime.getTime());
  return files[0] ?? null;
}

/**
 * Copy the live database file from another process. DuckDB guards the file with a POSIX (fcntl) lock, and POSIX drops
 * all of a process's locks on a file when that process closes any descriptor of it, so copying it from this process
 * (fs.copyFile opens and closes it) would silently unlock the database for other processes. Measured: after an in-process
 * copy, a second process could open the live file; with `cp` in a child process it is still refused.
 */
async function copyInChildProcess(from: string, to: string): Promise<void> {
  await promisify(execFile)('cp', ['--', from, to]);
}

/** Scope snapshots kept at once by default (ATLAS_SQL_SCOPE_SNAPSHOTS). */
export const DEFAULT_SCOPE_SNAPSHOTS = 8;

/** Scope snapshot files and prune aliases share a counter per process: two sandboxes on one database never collide. */
let scopeSeq = 0;
let pruneSeq = 0;

const LEFTOVER =
  /^(snapshot|scope)-\d+-\d+\.duckdb(\.wal|\.tmp|\.open-\d+-\d+(\.tmp)?)?$|^build\.tmp$|^open-[0-9a-f]{8}-[0-9a-f]{12}$/;

/**
 * The analyst sandbox's copies of the database. Opening the live file a second time would give it two buffer managers
 * and let checkpoints move blocks under the reader, so analysts read a copy: after a CHECKPOINT on the main instance
 * (under db.writes, so no ingest is half-written), the file is copied; an in-memory main database is copied with COPY
 * FROM DATABASE instead. The copy is pruned to the analyst tables (analyst-tables.ts: saved queries and any other
 * private table are dropped) before any query sees it: that is the national snapshot, which the SQL worker opens with
 * the sandbox options (hidden-open.ts: no statement can read its bytes). A scoped reader gets a snapshot of their own,
 * written from the national one with only their rows (scope-snapshots.ts). When data changes, the next query waits for
 * a fresh copy; queries still running on an old copy finish there, and the old copy is closed and deleted after them.
 */
export class SnapshotManager {
  readonly dir: string;
  private current: Snapshot | null = null;
  private building: Promise<Snapshot> | null = null;
  private seq = 0;
  private closed = false;
  private dirReady = false;
  private readonly ownsDir: boolean;
  private readonly unsubscribe: () => void;
  private readonly builder: SnapshotBuilder;
  private readonly scopes: ScopeSnapshots;

  constructor(
    private readonly db: AtlasDb,
    private readonly log?: Logger,
    /** Called before a retired snapshot's files are deleted, so whoever opened it closes it. */
    private readonly onDispose: (file: string) => void = () => undefined,
    opts: { memoryLimit?: string; scopeSnapshots?: number } = {},
  ) {
    this.ownsDir = db.path === ':memory:';
    this.dir = this.ownsDir ? `${tempPrefix(os.tmpdir(), 'analyst')}${randomUUID().slice(0, 8)}` : snapshotDir(db.path);
    this.builder = new SnapshotBuilder(
      path.join(this.dir, 'build.tmp'),
      opts.memoryLimit ?? sandboxConfigFromEnv().memoryLimit,
    );
    const capacity = opts.scopeSnapshots ?? (Number(process.env.ATLAS_SQL_SCOPE_SNAPSHOTS) || DEFAULT_SCOPE_SNAPSHOTS);
    this.scopes = new ScopeSnapshots({
      national: () => this.acquire(NATIONAL),
      builder: this.builder,
      newFile: () => path.join(this.readyDir(), `scope-${process.pid}-${++scopeSeq}.duckdb`),
      capacity: Math.max(1, capacity),
      dispose: (snap) => this.dispose(snap),
      log,
    });
    // Refresh eagerly in the background; never inside the writer's call (it may still hold db.writes). Scope snapshots
    // are rebuilt on their next use; the old ones go as soon as no query holds them.
    this.unsubscribe = db.onDataChanged(() => {
      this.scopes.retireAll();
      setImmediate(() => this.refresh().catch((err) => this.log?.error({ err }, 'analyst snapshot refresh failed')));
    });
  }

  /** Facts for /api/schema and the response headers. */
  info(): { version: number; builtAt: string; buildMs: number } | null {
    const s = this.current;
    return s ? { version: s.version, builtAt: s.builtAt.toISOString(), buildMs: s.buildMs } : null;
  }

  /** How many scope snapshots are kept now. */
  get scopeSnapshots(): number {
    return this.scopes.size;
  }

  /**
   * A snapshot at least as new as the main database's data, holding what `scope` may read: the national snapshot, or
   * the scope's own (built on first use). Release it when the query is done.
   */
  async acquire(scope: Scope = NATIONAL): Promise<SnapshotLease> {
    if (scope !== null) return this.scopes.acquire(scope);
    let snap = this.current;
    while (!snap || snap.version < this.db.dataVersion) snap = await this.refresh();
    return leaseOf(snap, (s) => this.dispose(s));
  }

  /** Build a fresh snapshot unless one is being built; concurrent callers share the build. */
  refresh(): Promise<Snapshot> {
    if (this.closed) return Promise.reject(new Error('the analyst sandbox is closed'));
    if (this.current && this.current.version >= this.db.dataVersion && !this.building)
      return Promise.resolve(this.current);
    this.building ??= this.build().finally(() => {
      this.building = null;
    });
    return this.building;
  }

  /** The snapshot folder, made with the first snapshot (not when the routes are mounted). */
  private readyDir(): string {
    if (!this.dirReady) {
      fs.mkdirSync(this.dir, { recursive: true });
      if (!this.ownsDir) this.removeLeftovers();
      this.dirReady = true;
    }
    return this.dir;
  }

  private async build(): Promise<Snapshot> {
    const started = performance.now();
    const file = path.join(this.readyDir(), `snapshot-${process.pid}-${++this.seq}.duckdb`);
    let version: number;
    try {
      version = await this.db.writes.run(async () => {
        const v = this.db.dataVersion;
        if (this.db.path === ':memory:') await this.copyInMemory(file);
        else {
          await this.db.withConnection((con) => con.run('CHECKPOINT'));
          await copyInChildProcess(this.db.path, file);
        }
        return v;
      });
      // on the copy, outside the write lock
      await this.db.withConnection((con) => pruneToAnalystTables(con, file, `analyst_prune_${++pruneSeq}`));
    } catch (err) {
      removeSnapshotFiles(file);
      throw err;
    }
    const snap = new Snapshot(file, version, new Date(), performance.now() - started);
    if (this.closed) {
      this.dispose(snap);
      throw new Error('the analyst sandbox is closed');
    }
    const old = this.current;
    this.current = snap;
    if (old) retire(old, (s) => this.dispose(s));
    this.log?.info({ file, version, ms: Math.round(snap.buildMs) }, 'analyst snapshot copied');
    return snap;
  }

  private async copyInMemory(file: string): Promise<void> {
    await this.db.withConnection(async (con) => {
      const alias = `analyst_snapshot_${this.seq}`;
      const source = String((await con.runAndReadAll('SELECT current_database() AS d')).getRowObjectsJS()[0].d);
      // Both names come from code and the catalog, and the path is ours; nothing here comes from a request.
      await con.run(`ATTACH ${quoteString(file)} AS ${alias}`);
      try {
        await con.run(`COPY FROM DATABASE ${quoteIdent(source)} TO ${alias}`);
      } finally {
        await con.run(`DETACH ${alias}`);
      }
    });
  }

  private dispose(snap: Snapshot): void {
    this.onDispose(snap.file);
    removeSnapshotFiles(snap.file);
    // what a worker that died left of its hidden opens (a live worker removes its own when it closes the instance)
    for (const f of hiddenLeftovers(snap.file)) fs.rmSync(f, { recursive: true, force: true });
  }

  private removeLeftovers(): void {
    for (const f of fs.readdirSync(this.dir)) {
      if (LEFTOVER.test(f)) fs.rmSync(path.join(this.dir, f), { recursive: true, force: true });
    }
  }

  /** Close every snapshot (running queries on them fail) and remove the files. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    await this.building?.catch(() => undefined);
    await this.scopes.close();
    await this.builder.close();
    if (this.current) this.dispose(this.current);
    this.current = null;
    if (this.ownsDir && this.dirReady) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
