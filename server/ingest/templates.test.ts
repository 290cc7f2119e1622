// Template CSVs over real HTTP: each kind's columns and one example row that the validation accepts.
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/server.ts';
import { INGEST_ORDER, KINDS } from './kinds.ts';
import { ingestFile } from './pipeline.ts';

const SAMPLES = path.join(import.meta.dirname, '..', '..', 'sample-data');
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  // the example rows refer to organisations, agreements and products of the committed samples
  for (const kind of INGEST_ORDER) {
    const s = await ingestFile(t.db, { kind, path: path.join(SAMPLES, `${kind}.csv`), source: 'test' });
    expect(s.status).toBe('COMMITTED');
  }
});
afterAll(() => t.close());

describe('GET /api/ingest/templates/:kind', () => {
  it.each(INGEST_ORDER)('%s: its columns and an example row that loads without a reject', async (kind) => {
    const res = await fetch(`${t.base}/api/ingest/templates/${kind}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain(`atlas-${kind}-template.csv`);
    const text = (await res.text()).replace(/^\uFEFF/, '');
    const [header, example, rest] = text.split('\r\n');
    expect(header.split(',')).toEqual(KINDS[kind].columns.map((c) => c.name));
    expect(example.length).toBeGreaterThan(0);
    expect(rest).toBe('');
    const form = new FormData();
    form.append('file', new Blob([text]), `${kind}-template.csv`);
    const up = await fetch(`${t.base}/api/ingest/${kind}?wait=true`, { method: 'POST', body: form });
    const body = await up.json();
    expect(body.summary, JSON.stringify(body.summary)).toMatchObject({
      status: 'COMMITTED',
      rows_read: 1,
      rejected: 0,
    });
  });

  it('answers 404 with the kinds for an unknown kind', async () => {
    const res = await fetch(`${t.base}/api/ingest/templates/nope`);
    expect(res.status).toBe(404);
    const { error } = await res.json();
    expect(error).toMatchObject({ code: 'unknown_kind' });
    expect(error.message).toContain('usage');
    expect(error.message_zh).toMatch(/没有/);
  });
});
