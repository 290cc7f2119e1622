// A server killed (SIGKILL) while it ingests an upload and receives another: at the next start the uploads' temporary
// folders are gone and the interrupted ingest is in the batch history as FAILED, with its reason; the database holds
// none of its rows. A real `atlas serve` child process, real HTTP, a database file.
import { describe, it, expect, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { AtlasDb } from '../db/database.ts';
import { ROOT } from '../db/paths.ts';
import { queryOne } from '../db/query.ts';
import { startTestServer, tempDir } from '../test-support/server.ts';
import { loadGood } from './fixtures.ts';
import { recoverInterruptedIngests } from './interrupted.ts';
import { workspaceRootFor } from './workspace.ts';

const tmp = tempDir('atlas-interrupted-');
afterAll(() => tmp.cleanup());

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** `atlas serve` on the database file; resolves once it listens. */
async function serve(dbFile: string) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'server/cli/main.ts'), 'serve', '--port', String(port), '--no-sample'],
    {
      cwd: ROOT,
      env: { ...process.env, ATLAS_DB: dbFile, ATLAS_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      stderr += d;
      if (stderr.includes('Public Data Atlas on')) resolve();
    });
    child.on('exit', () => reject(new Error(`atlas serve stopped before listening:\n${stderr}`)));
  });
  return { base: `http://127.0.0.1:${port}`, child, exited };
}

const uploads = (root: string) => fs.readdirSync(root).filter((d) => d.startsWith('upload-'));

/** A usage CSV of n rows whose references resolve against the fixtures (loaded up to usage, which it leaves out). */
function usageCsv(n: number): string {
  const lines = [
    'usage_id,period_month,product_id,provider_region_code,user_org_id,user_type,user_region_code,use_purpose,calls,amount_cny',
  ];
  for (let i = 0; i < n; i++)
    lines.push(`K${i},2025-0${(i % 9) + 1},P1,110000,U1,BANK,310000,INDUSTRY_DEVELOPMENT,${i % 5000},${i % 100}.50`);
  return lines.join('\n') + '\n';
}

describe('start-up after a killed ingest', () => {
  it('removes the uploads a killed server left and records its unfinished ingest as FAILED', async () => {
    const dbFile = path.join(tmp.dir, 'atlas.duckdb');
    let db = await AtlasDb.open({ path: dbFile });
    await loadGood(db, tmp.dir, 'usage');
    db.close();
    const root = workspaceRootFor(dbFile);

    const server = await serve(dbFile);
    try {
      const res = await fetch(`${server.base}/api/ingest/usage?filename=big-usage.csv`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: usageCsv(400_000),
      });
      expect(res.status).toBe(202);
      const { job } = await res.json();
      // A second upload still arriving when the server dies: a folder without a marker, and no ingest to record.
      const arriving = fetch(`${server.base}/api/ingest/usage?filename=arriving.csv`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('usage_id,period_month\n'));
          },
        }),
        duplex: 'half',
      } as RequestInit).catch(() => 'reset');
      let killedAt = '';
      for (let i = 0; i < 2000 && !killedAt; i++) {
        const view = await (await fetch(`${server.base}/api/ingest/jobs/${job.id}`)).json();
        expect(view.state, JSON.stringify(view)).not.toMatch(/done|failed/);
        if (/reading|validating|writing/.test(view.progress.phase) && uploads(root).length === 2) {
          server.child.kill('SIGKILL');
          killedAt = view.progress.phase;
        } else await new Promise((r) => setTimeout(r, 20));
      }
      expect(killedAt).not.toBe('');
      expect(await server.exited).toBe('SIGKILL');
      expect(await arriving).toBe('reset');
    } finally {
      server.child.kill('SIGKILL');
    }
    // The two uploads' folders, and the killed ingest's staging folder (the CSV's rows as Parquet) once it has one.
    const left = uploads(root);
    expect(left).toHaveLength(2);
    expect(left.filter((d) => fs.existsSync(path.join(root, d, 'job.json')))).toHaveLength(1);

    db = await AtlasDb.open({ path: dbFile });
    const usageBefore = (await db.withConnection((con) =>
      queryOne<{ n: number }>(con, 'SELECT count(*) AS n FROM usage'),
    ))!.n;
    const t = await startTestServer({ db });
    try {
      // the workspace is gone, not only emptied: nothing of the killed server stays in the temp folder
      expect(fs.existsSync(root)).toBe(false);
      const { batches } = await (await fetch(`${t.base}/api/ingest/batches?limit=1`)).json();
      expect(batches[0]).toMatchObject({
        kind: 'usage',
        file_name: 'big-usage.csv',
        status: 'FAILED',
        source: 'upload',
      });
      const detail = await (await fetch(`${t.base}/api/ingest/batches/${batches[0].batch_id}`)).json();
      expect(detail.summary.file_errors).toEqual([
        expect.objectContaining({
          code: 'interrupted',
          level: 'error',
          en: expect.stringMatching(/killed or crashed/),
          zh: expect.stringMatching(/[\u4e00-\u9fff]/),
        }),
      ]);
      // None of the killed ingest's rows: its transaction never committed.
      expect(usageBefore).toBe(0);
      // Recovery runs once: a second call finds nothing and records nothing.
      expect(await recoverInterruptedIngests(db)).toEqual({ removed: 0, failedBatches: [] });
      // The same file then loads.
      const again = await fetch(`${t.base}/api/ingest/usage?wait=true&filename=big-usage.csv`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: usageCsv(1000),
      });
      const summary = (await again.json()).summary;
      expect(summary, JSON.stringify(summary)).toMatchObject({ status: 'COMMITTED', inserted: 1000 });
    } finally {
      await t.close();
      db.close();
    }
  }, 120_000);
});
