// Uploads over real HTTP (multipart and raw bodies), progress polling, batch reports, and the server staying up
// whatever arrives.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { queryRows } from '../db/query.ts';
import { startTestServer, tempDir, type TestServer } from '../test-support/server.ts';
import { GOOD, ORDER } from './fixtures.ts';

const TESTDATA = path.join(import.meta.dirname, 'testdata');
let t: TestServer;
const tmp = tempDir('atlas-routes-');
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
  tmp.cleanup();
});

function multipart(name: string, content: string | Buffer): FormData {
  const form = new FormData();
  form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), name);
  return form;
}

async function upload(kind: string, name: string, content: string | Buffer, query = 'wait=true') {
  const res = await fetch(`${t.base}/api/ingest/${kind}?${query}`, { method: 'POST', body: multipart(name, content) });
  return { status: res.status, body: await res.json() };
}

async function healthy() {
  const res = await fetch(`${t.base}/api/health`);
  expect(res.status).toBe(200);
}

describe('POST /api/ingest/:kind', () => {
  it('loads every kind by multipart upload and answers with the summary (?wait=true)', async () => {
    for (const kind of ORDER) {
      const { status, body } = await upload(kind, `${kind}.csv`, GOOD[kind]);
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.summary).toMatchObject({ kind, status: 'COMMITTED', rejected: 0, file: `${kind}.csv` });
      expect(body.job).toMatchObject({ kind, state: 'done', file_name: `${kind}.csv` });
    }
    const [batch] = await t.db.withConnection((con) =>
      queryRows(con, `SELECT source, file_name FROM ingest_batch WHERE kind = 'usage'`),
    );
    expect(batch).toEqual({ source: 'upload', file_name: 'usage.csv' });
    await healthy();
  });

  it("lists a batch's warnings with the line of the file each came from, as JSON and CSV", async () => {
    const [{ id }] = await t.db.withConnection((con) =>
      queryRows<{ id: number }>(con, `SELECT max(batch_id) AS id FROM ingest_batch WHERE kind = 'usage'`),
    );
    const answer = await (await fetch(`${t.base}/api/ingest/batches/${id}/warnings`)).json();
    // fixtures.ts: US3, the third data row (line 4 with the header as line 1), is public governance with 5.00 charged
    expect(answer.warnings).toEqual([
      expect.objectContaining({
        line: 4,
        field: 'amount_cny',
        value: '5.00',
        reason_code: 'FREE_PURPOSE_CHARGED',
        message: { zh: expect.stringMatching(/[\u4e00-\u9fff]/), en: expect.any(String) },
      }),
    ]);
    const csv = await fetch(`${t.base}/api/ingest/batches/${id}/warnings?format=csv`);
    expect(csv.headers.get('content-disposition')).toContain(`batch-${id}-warnings.csv`);
    expect((await csv.text()).split('\r\n')[1]).toMatch(/^4,amount_cny,5.00,FREE_PURPOSE_CHARGED,/);
    const missing = await fetch(`${t.base}/api/ingest/batches/999999/warnings`);
    expect(missing.status).toBe(404);
  });

  it('answers 202 with a job, and the job reports progress and then the summary', async () => {
    const rows = [
      'usage_id,period_month,product_id,provider_region_code,user_org_id,user_type,user_region_code,use_purpose,calls,amount_cny',
    ];
    for (let i = 0; i < 30_000; i++)
      rows.push(`H${i},2025-0${(i % 9) + 1},P1,110000,U1,BANK,310000,INDUSTRY_DEVELOPMENT,${i},${i % 100}.50`);
    const res = await fetch(`${t.base}/api/ingest/usage`, {
      method: 'POST',
      body: multipart('big-usage.csv', rows.join('\n')),
    });
    expect(res.status).toBe(202);
    const { job } = await res.json();
    expect(job).toMatchObject({
      id: expect.any(String),
      kind: 'usage',
      file_name: 'big-usage.csv',
      state: expect.stringMatching(/queued|running/),
    });
    let last;
    for (let i = 0; i < 600; i++) {
      last = await (await fetch(`${t.base}/api/ingest/jobs/${job.id}`)).json();
      expect(last.progress).toMatchObject({
        phase: expect.any(String),
        rows_read: expect.any(Number),
        rows_validated: expect.any(Number),
        elapsed_ms: expect.any(Number),
      });
      if (last.state === 'done' || last.state === 'failed') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(last.state).toBe('done');
    expect(last.progress).toMatchObject({ phase: 'done', rows_read: 30_000, rows_validated: 30_000 });
    expect(last.summary).toMatchObject({ status: 'COMMITTED', inserted: 30_000 });
    const batch = await (await fetch(`${t.base}/api/ingest/batches/${last.summary.batch_id}`)).json();
    expect(batch).toMatchObject({
      batch_id: last.summary.batch_id,
      kind: 'usage',
      status: 'COMMITTED',
      inserted: 30_000,
      summary: { file: 'big-usage.csv' },
    });
  });

  it('takes a raw body with ?filename=, and refuses with 422 and a readable report', async () => {
    const bad = GOOD.usage.replace(',P2,A2,', ',P404,A2,').replace('US', 'RAW');
    const res = await fetch(`${t.base}/api/ingest/usage?wait=true&strict=true&filename=raw.csv`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: bad,
    });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.summary).toMatchObject({ status: 'REFUSED', file: 'raw.csv', strict: true, rejected: 1 });
    expect(body.summary.first_rejects[0]).toMatchObject({
      line: 4,
      field: 'product_id',
      value: 'P404',
      reason_code: 'unknown_reference',
      reason: { zh: expect.any(String), en: expect.any(String) },
    });
    const id = body.summary.batch_id;
    const rejects = await (await fetch(`${t.base}/api/ingest/batches/${id}/rejects`)).json();
    expect(rejects.rejects).toEqual([
      expect.objectContaining({
        line: 4,
        field: 'product_id',
        reason_code: 'unknown_reference',
        message: expect.objectContaining({ en: expect.any(String) }),
      }),
    ]);
    const csv = await fetch(`${t.base}/api/ingest/batches/${id}/rejects?format=csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).split('\r\n')[1]).toMatch(/^4,product_id,P404,unknown_reference,/);
    await healthy();
  });

  it('stays up and answers clearly whatever is uploaded', async () => {
    const zip = fs.readFileSync(path.join(TESTDATA, 'usage_zip_renamed.csv'));
    const garbage = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 131) % 256));
    const cases: [string, string | Buffer, string][] = [
      ['empty.csv', '', 'empty_file'],
      ['usage.csv', zip, 'zip_archive'],
      ['garbage.bin', garbage, 'binary_file'],
      ['utf16.csv', fs.readFileSync(path.join(TESTDATA, 'org_utf16.csv')), 'utf16'],
      ['missing.csv', 'usage_id,period_month\nX,2025-03\n', 'missing_columns'],
      ['broken.json', '[{"usage_id": 1', 'unreadable'],
    ];
    for (const [name, content, code] of cases) {
      const { status, body } = await upload('usage', name, content);
      expect(status, name).toBe(422);
      expect(body.summary.file_errors[0].code, name).toBe(code);
      expect(body.summary.file_errors[0]).toMatchObject({ zh: expect.any(String), en: expect.any(String) });
      await healthy();
    }
  });

  it('answers errors in the standard shape', async () => {
    const unknown = await fetch(`${t.base}/api/ingest/nope?wait=true`, {
      method: 'POST',
      body: multipart('x.csv', 'a\n1\n'),
    });
    expect(unknown.status).toBe(404);
    const body = await unknown.json();
    expect(body.error).toMatchObject({
      code: 'unknown_kind',
      details: { kinds: ['org', 'authorization', 'registration', 'authorization_resource', 'product', 'usage'] },
    });
    const nofile = await fetch(`${t.base}/api/ingest/usage`, {
      method: 'POST',
      body: (() => {
        const f = new FormData();
        f.append('other', 'x');
        return f;
      })(),
    });
    expect(nofile.status).toBe(400);
    expect((await nofile.json()).error.code).toBe('missing_file');
    expect((await fetch(`${t.base}/api/ingest/jobs/does-not-exist`)).status).toBe(404);
    expect((await fetch(`${t.base}/api/ingest/batches/999999`)).status).toBe(404);
    expect((await (await fetch(`${t.base}/api/ingest/batches/abc`)).json()).error.code).toBe('invalid_parameter');
    expect(
      (await (await fetch(`${t.base}/api/ingest/usage?strict=maybe`, { method: 'POST', body: 'x' })).json()).error.code,
    ).toBe('invalid_parameter');
    await healthy();
  });

  it('lists batches newest first', async () => {
    const { batches } = await (await fetch(`${t.base}/api/ingest/batches?limit=3`)).json();
    expect(batches).toHaveLength(3);
    expect(batches[0].batch_id).toBeGreaterThan(batches[1].batch_id);
    expect(batches[0]).toMatchObject({
      kind: expect.any(String),
      status: expect.any(String),
      file_name: expect.any(String),
    });
  });
});
