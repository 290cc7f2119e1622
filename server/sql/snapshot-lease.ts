import fs from 'node:fs';

/** One analyst snapshot file: national, or one scope's. Deleted once retired and no query holds it. */
export class Snapshot {
  refs = 0;
  retired = false;
  constructor(
    readonly file: string,
    /** The main database's data version it holds (a scope's: that of the national snapshot it was built from). */
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

/** Hold `snap` for one query; `dispose` runs when it was retired meanwhile and this was the last holder. */
export function leaseOf(snap: Snapshot, dispose: (snap: Snapshot) => void): SnapshotLease {
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
      if (snap.retired && snap.refs === 0) dispose(snap);
    },
  };
}

/** Retire a snapshot: deleted now when no query holds it, otherwise by the last lease's release. */
export function retire(snap: Snapshot, dispose: (snap: Snapshot) => void): void {
  if (snap.retired) return;
  snap.retired = true;
  if (snap.refs === 0) dispose(snap);
}

/** A snapshot's files: the database, and the write-ahead log and spill folder DuckDB may have left beside it. */
export function removeSnapshotFiles(file: string): void {
  for (const f of [file, `${file}.wal`, `${file}.tmp`]) fs.rmSync(f, { recursive: true, force: true });
}
