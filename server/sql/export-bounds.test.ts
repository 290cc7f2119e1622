import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import { startTestServer, tempDir, type TestServer } from '../test-support/server.ts';
import { exportBoundError } from './export-bounds.ts';
import { AnalystSandbox } from './sandbox.ts';

// about 45 MB of CSV, 30 MB of Arrow and Parquet that does not compress away: each passes a 1 MB cap early
const BIG = `SELECT range AS n, md5(range::VARCHAR) AS h FROM range(1000000)`;

describe('export size cap and free-disk floor', () => {
  let server: TestServer;
  const saved = { ...process.env };
  beforeAll(async () => {
    process.env.ATLAS_SQL_MAX_EXPORT_MB = '1';
    process.env.ATLAS_MIN_FREE_DISK_MB = '0';
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
    process.env = saved;
  });

  const exportReq = (sql: string, format: string) =>
    fetch(`${server.base}/api/sql/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sql, format }),
    });

  it('stops a CSV or Parquet export past ATLAS_SQL_MAX_EXPORT_MB with a bilingual 400, and still serves small ones', async () => {
    for (const format of ['csv', 'parquet']) {
      const res = await exportReq(BIG, format);
      expect(res.status, format).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; message: string; message_zh: string } };
      expect(error.code).toBe('export_too_large');
      expect(error.message).toMatch(/passed 1 MB.*ATLAS_SQL_MAX_EXPORT_MB.*file removed/);
      expect(error.message_zh).toMatch(/导出超过 1 MB/);
    }
    const small = await exportReq('SELECT 1 AS a', 'csv');
    expect(small.status).toBe(200);
    expect(await small.text()).toBe('a\r\n1\r\n'); // the BOM is there: TextDecoder drops it
  });

  it('cuts an Arrow export past the cap instead of sending it whole', async () => {
    const res = await exportReq(BIG, 'arrow');
    expect(res.status).toBe(200); // the headers left before the cap was reached
    await expect(res.arrayBuffer()).rejects.toThrow();
    // the slot is free again
    const again = await exportReq('SELECT 1 AS a', 'csv');
    expect(again.status).toBe(200);
    await again.text();
  });

  it('refuses an export at once when free disk is below ATLAS_MIN_FREE_DISK_MB, and removes its folder', async () => {
    const sandbox = new AnalystSandbox(server.db, { exportBounds: { minFreeBytes: Number.MAX_SAFE_INTEGER } });
    try {
      const files: string[] = [];
      const err = await sandbox
        .export(
          'SELECT 1 AS a',
          'csv',
          {},
          {
            onStarted: () => undefined,
            onBatch: async () => undefined,
            onFile: async (f) => void files.push(f),
          },
        )
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'disk_full', status: 507 });
      expect((err as { messageZh: string }).messageZh).toMatch(/可用空间不足/);
      expect(files).toEqual([]);
      expect(fs.readdirSync(sandbox.worker.tmpDir)).toEqual([]);
      // and one that grows past the cap leaves nothing behind either
      sandbox.exportBounds.minFreeBytes = 0;
      sandbox.exportBounds.maxBytes = 1024 * 1024;
      const big = await sandbox
        .export(
          BIG,
          'csv',
          {},
          { onStarted: () => undefined, onBatch: async () => undefined, onFile: async () => undefined },
        )
        .catch((e: unknown) => e);
      expect(big).toMatchObject({ code: 'export_too_large', status: 400 });
      expect(fs.readdirSync(sandbox.worker.tmpDir)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });

  it('measures every file in the export folder against the cap, and free disk against the floor', () => {
    const tmp = tempDir('atlas-bounds-');
    try {
      fs.mkdirSync(`${tmp.dir}/sub`);
      fs.writeFileSync(`${tmp.dir}/a.csv`, Buffer.alloc(600_000));
      fs.writeFileSync(`${tmp.dir}/sub/b.tmp`, Buffer.alloc(600_000));
      expect(exportBoundError(tmp.dir, { maxBytes: 2_000_000, minFreeBytes: 0 })).toBeNull();
      expect(exportBoundError(tmp.dir, { maxBytes: 1_000_000, minFreeBytes: 0 })?.code).toBe('export_too_large');
      const s = fs.statfsSync(tmp.dir);
      const free = s.bavail * s.bsize;
      expect(exportBoundError(tmp.dir, { maxBytes: 2_000_000, minFreeBytes: free * 2 })?.code).toBe('disk_full');
    } finally {
      tmp.cleanup();
    }
  });
});
