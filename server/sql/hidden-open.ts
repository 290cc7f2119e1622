import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';

/** An instance opened on a snapshot whose path no analyst statement can read (openHidden). */
export interface HiddenInstance {
  instance: DuckDBInstance;
  /** Close the instance and remove the spill folder DuckDB may have made beside the removed link. */
  close(): void;
}

let seq = 0;

/** The name of a link to `file`: beside it, so the snapshot's own clean-up finds it (hiddenLeftovers). */
const linkName = (file: string) => `${file}.open-${process.pid}-${++seq}`;

/**
 * Open a snapshot file through a hard link that is removed as soon as DuckDB holds the file open. With file access
 * disabled, DuckDB still lets a statement read the instance's own database file (read_blob, read_text): it allows that
 * path. Here that path names nothing once the instance is open, and the snapshot's real path is not allowed, so no
 * statement can read the file's bytes (a national snapshot is a copy of the main file, whose free blocks may still hold
 * what was dropped from it, such as saved queries). DuckDB reads the file through the handle it keeps; a snapshot has
 * no write-ahead log to find beside the link. Spilling goes to "<link>.tmp", which `close` removes.
 */
export async function openHidden(
  file: string,
  open: (file: string) => Promise<DuckDBInstance>,
): Promise<HiddenInstance> {
  const link = linkName(file);
  fs.linkSync(file, link);
  let instance: DuckDBInstance;
  try {
    instance = await open(link);
  } finally {
    fs.rmSync(link, { force: true });
  }
  return {
    instance,
    close: () => {
      instance.closeSync();
      fs.rmSync(`${link}.tmp`, { recursive: true, force: true });
    },
  };
}

/** Links and spill folders that openHidden left beside `file` (a process that died before closing its instances). */
export function hiddenLeftovers(file: string): string[] {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.open-`;
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(prefix))
    .map((f) => path.join(dir, f));
}
