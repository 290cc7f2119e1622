/**
 * Where ingests keep their temporary files (uploads as received, decompressed catalogues, workbooks turned into
 * NDJSON, GB18030 files transcoded to UTF-8), and how much they may hold there together.
 *
 * A file database has one folder of its own in the system's temporary folder, named after the database. DuckDB lets
 * one process at a time open the file for writing, so whatever that folder holds when a writer starts was left by a
 * process that died: start-up recovery (interrupted.ts) can remove it all. An in-memory database (tests) gets a
 * private folder removed when its app closes.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import type { AtlasDb } from '../db/database.ts';
import type { AtlasError } from '../errors.ts';
import { ingestLimits, tempQuotaFull, uploadTooLarge } from './limits.ts';

/** The workspace folder of a database file: stable across restarts, distinct per database. */
export function workspaceRootFor(dbPath: string): string {
  const hash = createHash('sha256').update(path.resolve(dbPath)).digest('hex').slice(0, 12);
  const base = path
    .basename(dbPath)
    .replace(/[^A-Za-z0-9_.-]/g, '_')
    .slice(0, 40);
  return path.join(os.tmpdir(), `atlas-ingest-${base}-${hash}`);
}

const workspaces = new WeakMap<AtlasDb, IngestWorkspace>();

export class IngestWorkspace {
  /** Bytes held by every upload and working copy of this database right now (reserved or written). */
  private used = 0;

  private constructor(
    readonly root: string,
    /** True for a database file: the folder outlives the process and is cleaned at the next start. */
    readonly persistent: boolean,
  ) {}

  static of(db: AtlasDb): IngestWorkspace {
    let ws = workspaces.get(db);
    if (!ws) {
      ws =
        db.path === ':memory:'
          ? new IngestWorkspace(
              path.join(os.tmpdir(), `atlas-ingest-memory-${process.pid}-${randomUUID().slice(0, 8)}`),
              false,
            )
          : new IngestWorkspace(workspaceRootFor(db.path), true);
      workspaces.set(db, ws);
    }
    return ws;
  }

  get usedBytes(): number {
    return this.used;
  }

  /** A new empty folder in the workspace (the caller removes it). */
  async newDir(prefix: string): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      await fs.promises.mkdir(this.root, { recursive: true, mode: 0o700 });
      try {
        return await fs.promises.mkdtemp(path.join(this.root, prefix));
      } catch (err) {
        // removeDir of another job took the emptied root away in between
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt > 2) throw err;
      }
    }
  }

  newDirSync(prefix: string): string {
    fs.mkdirSync(this.root, { recursive: true, mode: 0o700 });
    return fs.mkdtempSync(path.join(this.root, prefix));
  }

  /** Remove a folder made by newDir, and the workspace with it once empty (no empty folder per database is left). */
  async removeDir(dir: string): Promise<void> {
    await fs.promises.rm(dir, { recursive: true, force: true });
    await fs.promises.rmdir(this.root).catch(() => {});
  }

  removeDirSync(dir: string): void {
    fs.rmSync(dir, { recursive: true, force: true });
    try {
      fs.rmdirSync(this.root);
    } catch {
      // not empty: another job's folder is there
    }
  }

  /** Remove a private (in-memory database's) workspace when its app closes. */
  async dispose(): Promise<void> {
    if (!this.persistent) await fs.promises.rm(this.root, { recursive: true, force: true });
  }

  /**
   * Count one file's bytes against the quota (and against `capBytes`, the largest the file may be). The meter refuses
   * (throws a 413 AtlasError) before the bytes that would cross a bound are written; `release` gives its bytes back.
   */
  meter(o: { capBytes?: number; decompressed?: boolean } = {}): SpaceMeter {
    return new SpaceMeter(this, o.capBytes ?? Infinity, !!o.decompressed);
  }

  /** @internal */
  take(bytes: number): void {
    const { tempQuotaBytes } = ingestLimits();
    if (this.used + bytes > tempQuotaBytes) throw tempQuotaFull(tempQuotaBytes);
    this.used += bytes;
  }

  /** @internal */
  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}

export class SpaceMeter {
  /** Bytes this file holds of the quota: what was reserved up front, or what was written when more. */
  private held = 0;
  private written = 0;

  constructor(
    private readonly ws: IngestWorkspace,
    private readonly capBytes: number,
    private readonly decompressed: boolean,
  ) {}

  get bytes(): number {
    return this.written;
  }

  /** Hold `bytes` of the quota before anything is written (an upload's declared length). */
  reserve(bytes: number): void {
    if (bytes > this.capBytes) throw uploadTooLarge(this.capBytes, this.decompressed);
    if (bytes > this.held) {
      this.ws.take(bytes - this.held);
      this.held = bytes;
    }
  }

  /** Count bytes about to be written; throws when they would cross the file's cap or the quota. */
  add(bytes: number): void {
    const next = this.written + bytes;
    if (next > this.capBytes) throw uploadTooLarge(this.capBytes, this.decompressed);
    if (next > this.held) {
      this.ws.take(next - this.held);
      this.held = next;
    }
    this.written = next;
  }

  release(): void {
    this.ws.give(this.held);
    this.held = 0;
  }

  /** A pass-through stream that fails, before writing them, on the bytes that would cross a bound. */
  guard(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _enc, done) => {
        try {
          this.add(chunk.length);
          done(null, chunk);
        } catch (err) {
          done(err as AtlasError);
        }
      },
    });
  }
}
