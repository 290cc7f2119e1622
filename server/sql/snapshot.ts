import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import type { AtlasDb } from '../db/database.ts';
import { quoteIdent, quoteString } from '../db/sql-text.ts';
import type { Logger } from '../log.ts';

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

class Snapshot {
  refs = 0;
  retired = false;
  constructor(
    readonly file: string,
    readonly version: number,
    readonly builtAt: Date,
    readonly buildMs: number,
  ) {}
}

export interface SnapshotLease {
  /** The snapshot file; the SQL worker opens it with the sandbox options (openSandboxInstance). */
  file: string;
  version: number;
  builtAt: Date;
  release(): void;
}

/**
 * The analyst sandbox's copy of the database. Opening the live file a second time would give it two buffer managers
 * and let checkpoints move blocks under the reader, so analysts read a copy: after a CHECKPOINT on the main instance
 * (under db.writes, so no ingest is half-written), the file is copied; the SQL worker process opens it with the sandbox
 * options.
 * An in-memory main database is copied with COPY FROM DATABASE instead. When data changes, the next query waits for a
 * fresh copy; queries still running on the old copy finish there, and the old copy is closed and deleted after them.
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

  constructor(
    private readonly db: AtlasDb,
    private readonly log?: Logger,
    /** Called before a retired snapshot's files are deleted, so whoever opened it closes it. */
    private readonly onDispose: (file: string) => void = () => undefined,
  ) {
    this.ownsDir = db.path === ':memory:';
    this.dir = this.ownsDir
      ? path.join(os.tmpdir(), `atlas-analyst-${process.pid}-${randomUUID().slice(0, 8)}`)
      : snapshotDir(db.path);
    // Refresh eagerly in the background; never inside the writer's call (it may still hold db.writes).
    this.unsubscribe = db.onDataChanged(() => {
      setImmediate(() => this.refresh().catch((err) => this.log?.error({ err }, 'analyst snapshot refresh failed')));
    });
  }

  /** Facts for /api/schema and the response headers. */
  info(): { version: number; builtAt: string; buildMs: number } | null {
    const s = this.current;
    return s ? { version: s.version, builtAt: s.builtAt.toISOString(), buildMs: s.buildMs } : null;
  }

  /** A snapshot at least as new as the main database's data; release it when the query is done. */
  async acquire(): Promise<SnapshotLease> {
    let snap = this.current;
    while (!snap || snap.version < this.db.dataVersion) snap = await this.refresh();
    snap.refs++;
    let released = false;
    return {
      file: snap.file,
      version: snap.version,
      builtAt: snap.builtAt,
      release: () => {
        if (released) return;
        released = true;
        snap.refs--;
        if (snap.retired && snap.refs === 0) this.dispose(snap);
      },
    };
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

  private async build(): Promise<Snapshot> {
    const started = performance.now();
    // the folder appears with the first snapshot, not when the routes are mounted
    if (!this.dirReady) {
      fs.mkdirSync(this.dir, { recursive: true });
      if (!this.ownsDir) this.removeLeftovers();
      this.dirReady = true;
    }
    const file = path.join(this.dir, `snapshot-${process.pid}-${++this.seq}.duckdb`);
    const version = await this.db.writes.run(async () => {
      const v = this.db.dataVersion;
      if (this.db.path === ':memory:') await this.copyInMemory(file);
      else {
        await this.db.withConnection((con) => con.run('CHECKPOINT'));
        await copyInChildProcess(this.db.path, file);
      }
      return v;
    });
    const snap = new Snapshot(file, version, new Date(), performance.now() - started);
    if (this.closed) {
      this.dispose(snap);
      throw new Error('the analyst sandbox is closed');
    }
    const old = this.current;
    this.current = snap;
    if (old) {
      old.retired = true;
      if (old.refs === 0) this.dispose(old);
    }
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
    for (const f of [snap.file, `${snap.file}.wal`, `${snap.file}.tmp`]) fs.rmSync(f, { recursive: true, force: true });
  }

  private removeLeftovers(): void {
    for (const f of fs.readdirSync(this.dir)) {
      if (/^snapshot-\d+-\d+\.duckdb(\.wal|\.tmp)?$/.test(f))
        fs.rmSync(path.join(this.dir, f), { recursive: true, force: true });
    }
  }

  /** Close every snapshot (running queries on them fail) and remove the files. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    await this.building?.catch(() => undefined);
    if (this.current) this.dispose(this.current);
    this.current = null;
    if (this.ownsDir && this.dirReady) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
