import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findRealData, realDataCandidates } from './realdata.ts';
import { tempDir } from './server.ts';

// Folder trees in a temporary directory standing for the project's: a repository, worktrees, CI clones.
describe('finding the real data outside the repository', () => {
  const tmp = tempDir('atlas-realdata-');
  afterAll(() => tmp.cleanup());
  const at = (...parts: string[]) => path.join(tmp.dir, ...parts);
  const plant = (dir: string) => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'china_portal_catalog_raw.jsonl.gz'), '');
    return dir;
  };
  const none = at('no-fallback');

  it('finds shared/realdata beside the repository, else beside the nearest folder above it that has one', () => {
    const beside = plant(at('a', 'shared', 'realdata'));
    expect(findRealData({}, at('a', 'repo'), none)?.dir).toBe(beside);
    expect(findRealData({}, at('a', 'clones', 'ci', 'repo'), none)?.dir).toBe(beside);
    const nearer = plant(at('a', 'clones', 'shared', 'realdata'));
    expect(findRealData({}, at('a', 'clones', 'ci', 'repo'), none)).toEqual({
      dir: nearer,
      catalog: path.join(nearer, 'china_portal_catalog_raw.jsonl.gz'),
      sources: path.join(nearer, 'china_portal_sources.csv'),
    });
  });

  it('falls back to the fixed folder, and finds nothing when that is absent too', () => {
    const fallback = plant(at('fixed', 'realdata'));
    expect(findRealData({}, at('b', 'repo'), fallback)?.dir).toBe(fallback);
    expect(findRealData({}, at('b', 'repo'), none)).toBeNull();
    expect(realDataCandidates({}, at('b', 'repo'), none).at(-1)).toBe(none);
  });

  it('takes ATLAS_REALDATA alone when it is set', () => {
    const chosen = plant(at('chosen'));
    plant(at('c', 'shared', 'realdata'));
    expect(findRealData({ ATLAS_REALDATA: chosen }, at('c', 'repo'), none)?.dir).toBe(chosen);
    expect(findRealData({ ATLAS_REALDATA: at('missing') }, at('c', 'repo'), plant(at('fb')))).toBeNull();
  });

  it('never looks inside the repository', () => {
    const root = at('d', 'repo');
    plant(path.join(root, 'shared', 'realdata'));
    for (const dir of realDataCandidates({}, root, none)) expect(dir.startsWith(root + path.sep)).toBe(false);
    expect(findRealData({}, root, none)).toBeNull();
  });
});
