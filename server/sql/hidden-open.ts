import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';

/** An instance opened on a snapshot whose path no analyst statement can read (openHidden). */
export interface HiddenInstance {
  instance: DuckDBInstance;
  /** Close the instance and remove its open folder with the spill folder DuckDB may have made there. */
  close(): void;
}

/**
 * The folder the instances of this process are opened from by relative paths (the SQL worker's working directory), set
 * by the first open. The analyst sandbox's files all live in one snapshot folder, so in practice every open uses it.
 */
let anchor: string | null = null;

/** Names the open folders of one snapshot file share, without the server's process id its own name holds. */
const tagOf = (file: string) => createHash('sha256').update(path.basename(file)).digest('hex').slice(0, 8);

/**
 * Open a snapshot file through a hard link that is removed as soon as DuckDB holds the file open. With file access
 * disabled, DuckDB still lets a statement read the instance's own database file (read_blob, read_text): it allows that
 * path. Here that path names nothing once the instance is open, and the snapshot's real path is not allowed, so no
 * statement can read the file's bytes (a national snapshot is a copy of the main file, whose free blocks may still hold
 * what was dropped from it, such as saved queries). DuckDB reads the file through the handle it keeps; a snapshot has
 * no write-ahead log to find beside the link.
 *
 * The link is "open-<tag>-<random>/atlas.duckdb" beside the file, opened by a path relative to this process's working
 * directory, which the first open moves to the snapshot folder. So what DuckDB knows of its files, and shows to any
 * statement (duckdb_databases(), duckdb_settings(), current_setting('temp_directory'), SHOW DATABASES, its error
 * messages), holds no absolute path, no home folder and no process id, and the database is called "atlas". Spilling
 * goes to "atlas.duckdb.tmp" in the same folder, which `close` removes with it.
 */
export async function openHidden(
  file: string,
  open: (file: string) => Promise<DuckDBInstance>,
): Promise<HiddenInstance> {
  const dir = path.dirname(path.resolve(file));
  const folder = path.join(dir, `open-${tagOf(file)}-${randomBytes(6).toString('hex')}`);
  fs.mkdirSync(folder);
  const link = path.join(folder, 'atlas.duckdb');
  if (anchor === null) {
    process.chdir(dir);
    anchor = dir;
  }
  let instance: DuckDBInstance;
  try {
    fs.linkSync(file, link);
    instance = await open(anchor === dir ? path.relative(anchor, link) : link);
  } catch (err) {
    fs.rmSync(folder, { recursive: true, force: true });
    throw err;
  } finally {
    fs.rmSync(link, { force: true });
  }
  return {
    instance,
    close: () => {
      instance.closeSync();
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Open folders (and links of earlier versions) that openHidden left beside `file`: a process died before closing. */
export function hiddenLeftovers(file: string): string[] {
  const dir = path.dirname(file);
  const prefixes = [`open-${tagOf(file)}-`, `${path.basename(file)}.open-`];
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => prefixes.some((p) => f.startsWith(p)))
    .map((f) => path.join(dir, f));
}
