import { scopeKey } from '../db/scope.ts';
import type { Logger } from '../log.ts';
import type { SnapshotBuilder } from './snapshot-builder.ts';
import { leaseOf, removeSnapshotFiles, retire, Snapshot, type SnapshotLease } from './snapshot-lease.ts';

export interface ScopeSnapshotOptions {
  /** A lease on a national snapshot as new as the main database's data. */
  national(): Promise<SnapshotLease>;
  builder: SnapshotBuilder;
  /** A new file name in the snapshot folder. */
  newFile(): string;
  /** Scope snapshots kept at once; the least recently used beyond it are deleted (once no query holds them). */
  capacity: number;
  dispose(snap: Snapshot): void;
  log?: Logger;
}

/**
 * One read-only snapshot per distinct scope, holding only the rows that scope may see (SnapshotBuilder.build from the
 * national snapshot). Built on first use by that scope and again when the data has changed since; concurrent
 * queries of one scope share a build. At most `capacity` are kept, least recently used first out.
 */
export class ScopeSnapshots {
  /** By scope key, least recently used first (a Map keeps insertion order; use moves an entry to the end). */
  private readonly entries = new Map<string, Snapshot>();
  private readonly building = new Map<string, Promise<Snapshot>>();
  private closed = false;

  constructor(private readonly opts: ScopeSnapshotOptions) {}

  get size(): number {
    return this.entries.size;
  }

  async acquire(scope: readonly string[]): Promise<SnapshotLease> {
    const key = scopeKey(scope);
    for (;;) {
      const national = await this.opts.national();
      try {
        const have = this.entries.get(key);
        const snap = have && have.version >= national.version ? have : await this.build(key, scope, national);
        // a shared build may have started from older data, or the data changed while it ran: then build again
        if (snap.version >= national.version && !snap.retired) {
          this.entries.delete(key);
          this.entries.set(key, snap);
          return leaseOf(snap, this.opts.dispose);
        }
      } finally {
        national.release();
      }
    }
  }

  /** The data changed: every scope snapshot is out of date; delete each once no query holds it. */
  retireAll(): void {
    for (const snap of this.entries.values()) retire(snap, this.opts.dispose);
    this.entries.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled(this.building.values());
    this.retireAll();
  }

  private build(key: string, scope: readonly string[], national: SnapshotLease): Promise<Snapshot> {
    const running = this.building.get(key);
    if (running) return running;
    const p = this.write(key, scope, national).finally(() => this.building.delete(key));
    this.building.set(key, p);
    return p;
  }

  private async write(key: string, scope: readonly string[], national: SnapshotLease): Promise<Snapshot> {
    if (this.closed) throw new Error('the analyst sandbox is closed');
    const started = performance.now();
    const file = this.opts.newFile();
    try {
      await this.opts.builder.build(national.file, file, scope);
    } catch (err) {
      removeSnapshotFiles(file);
      throw err;
    }
    const snap = new Snapshot(file, national.version, new Date(), performance.now() - started);
    if (this.closed) {
      this.opts.dispose(snap);
      throw new Error('the analyst sandbox is closed');
    }
    const old = this.entries.get(key);
    this.entries.delete(key);
    this.entries.set(key, snap);
    if (old) retire(old, this.opts.dispose);
    for (const [k, s] of this.entries) {
      if (this.entries.size <= this.opts.capacity) break;
      this.entries.delete(k);
      retire(s, this.opts.dispose);
    }
    this.opts.log?.info(
      { file, scope: key, version: snap.version, ms: Math.round(snap.buildMs) },
      'analyst scope snapshot built',
    );
    return snap;
  }
}
