import path from 'node:path';

/** Repository root (where package.json lives). */
export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const QUERIES_DIR = path.join(ROOT, 'queries');
export const REFERENCE_DIR = path.join(import.meta.dirname, 'reference');
export const DIST_DIR = path.join(ROOT, 'dist');

/** The database file: ATLAS_DB or data/atlas.duckdb, relative paths taken from the working directory. */
export function defaultDbPath(): string {
  return path.resolve(process.env.ATLAS_DB ?? path.join(ROOT, 'data', 'atlas.duckdb'));
}
