import path from 'node:path';
import { describe, it, expect, afterAll } from 'vitest';
import { tempDir } from '../test-support/server.ts';
import { generateSampleData } from './generate.ts';
import { integrityViolations } from './testing.ts';

// A large scale under a small memory limit (issue 25: scale 1000 ran out of memory at 1 GB). Several minutes on the
// shared 2-core machine, so it runs with the durability project (`npm run test:durability`, CI), not `npm test`.
describe('atlas generate at a large scale under a small memory limit', () => {
  const tmp = tempDir('atlas-generate-large-');
  afterAll(() => tmp.cleanup());

  it('writes scale 50 (5 million usage rows) at a 256 MB limit, with unique keys and resolving references', async () => {
    const out = path.join(tmp.dir, 'out');
    let peakRss = process.memoryUsage.rss();
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 200);
    try {
      const report = await generateSampleData({ scale: 50, outDir: out, memoryLimit: '256MB' });
      expect(report.tables.usage.rows).toBeGreaterThan(4_900_000);
      expect(report.tables.usage.rows).toBeLessThan(5_200_000);
    } finally {
      clearInterval(sampler);
    }
    // the limit bounds DuckDB's buffers; the process (test runner included) stays far below what one statement over
    // all usage rows would need
    expect(peakRss).toBeLessThan(1.5e9);
    expect(await integrityViolations(out, { memoryLimit: '256MB', spillDir: path.join(tmp.dir, 'spill') })).toEqual([]);
  }, 900_000);
});
