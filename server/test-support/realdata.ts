/**
 * Where the real open-data portal catalogue is (shared/realdata: 128,140 records from 72 portals), for the tests and
 * the benchmark that read it. Its README forbids shipping it, so it is never copied into the repository and is looked
 * for outside it: ATLAS_REALDATA, else a shared/realdata folder beside the repository or beside any folder above it (a
 * worktree or a CI clone sits deeper than the project's own folder), else /work/shared/realdata.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../db/paths.ts';

export const REALDATA_FALLBACK = '/work/shared/realdata';

export interface RealData {
  dir: string;
  /** china_portal_catalog_raw.jsonl.gz: the crawl, one JSON object per line. */
  catalog: string;
  /** china_portal_sources.csv: one line per source file of the crawl. */
  sources: string;
}

/** The folders tried, in order. ATLAS_REALDATA, when set, is the only one: a wrong setting is not papered over. */
export function realDataCandidates(
  env: NodeJS.ProcessEnv = process.env,
  root = ROOT,
  fallback = REALDATA_FALLBACK,
): string[] {
  if (env.ATLAS_REALDATA) return [path.resolve(env.ATLAS_REALDATA)];
  const out: string[] = [];
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    out.push(path.join(path.dirname(dir), 'shared', 'realdata'));
    if (path.dirname(dir) === dir) break;
  }
  out.push(path.resolve(fallback));
  return [...new Set(out)];
}

/** The first candidate folder that holds the catalogue, or null (then the tests that need it are skipped). */
export function findRealData(...args: Parameters<typeof realDataCandidates>): RealData | null {
  for (const dir of realDataCandidates(...args)) {
    const catalog = path.join(dir, 'china_portal_catalog_raw.jsonl.gz');
    if (fs.existsSync(catalog)) return { dir, catalog, sources: path.join(dir, 'china_portal_sources.csv') };
  }
  return null;
}

/** The real data, or null after a warning that names where it was looked for (vitest then counts the skip). */
export function realDataOrWarn(what: string): RealData | null {
  const found = findRealData();
  if (!found)
    console.warn(
      `skipping ${what}: no shared/realdata/china_portal_catalog_raw.jsonl.gz in ${realDataCandidates().join(', ')} ` +
        '(set ATLAS_REALDATA to its folder)',
    );
  return found;
}
