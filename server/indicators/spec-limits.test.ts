import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtlasDb } from '../db/database.ts';
import { startTestServer, type TestServer } from '../test-support/server.ts';
import { parseSpec, specLimits } from './spec.ts';
import { insertSmallFixture } from './test-records.ts';

// Specs past the limits answer 400 invalid_spec over real HTTP, echo nothing unbounded, and the server keeps serving.
let db: AtlasDb;
let srv: TestServer;
beforeAll(async () => {
  db = await AtlasDb.open({ path: ':memory:' });
  await db.withConnection((con) => insertSmallFixture(con));
  srv = await startTestServer({ db });
});
afterAll(async () => {
  await srv.close();
  db.close();
});

const leaf = (i: number) => ({ id: `l${i}`, column: 'calls' });
const post = (spec: unknown) =>
  fetch(`${srv.base}/api/composite?level=region&format=json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ spec }),
  });

async function refused(spec: unknown, message: RegExp) {
  const res = await post(spec);
  const text = await res.text();
  expect(res.status, text.slice(0, 500)).toBe(400);
  expect(res.headers.get('x-atlas-index')).toBeNull();
  const body = JSON.parse(text) as { error: { code: string; message: string; message_zh: string } };
  expect(body.error.code).toBe('invalid_spec');
  expect(body.error.message).toMatch(message);
  expect(body.error.message_zh).toMatch(/^方法规格无效/);
  // the answer is about the spec, not a copy of it
  expect(text.length).toBeLessThan(2000);
}

describe('spec limits on POST /api/composite', () => {
  it('refuses a spec of 10,000 leaves', async () => {
    const children = Array.from({ length: 10_000 }, (_, i) => leaf(i));
    await refused({ id: 'wide', entity: 'entity', tree: { id: 'root', children } }, /tree: has more than 500 nodes/);
  });

  it('refuses a spec nested 2,000 deep', async () => {
    let tree: object = leaf(0);
    for (let i = 1; i < 2000; i++) tree = { id: `g${i}`, children: [tree] };
    await refused({ id: 'deep', entity: 'entity', tree }, /tree: is nested more than 16 levels deep/);
  });

  it('refuses an id with CR/LF, and one of 1.5 MB, without echoing it', async () => {
    const tree = leaf(0);
    await refused({ id: 'x\r\nSet-Cookie: a=b', entity: 'entity', tree }, /id: must be letters, digits/);
    await refused({ id: 'a'.repeat(1_500_000), entity: 'entity', tree }, /id: must be at most 64 characters/);
  });

  it('still scores a spec within the limits, its id in the header', async () => {
    const children = Array.from({ length: 20 }, (_, i) => leaf(i));
    const res = await post({ id: 'twenty.leaves', entity: 'entity', tree: { id: 'root', children } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-atlas-index')).toBe('twenty.leaves');
  });
});

describe('spec limits as settings', () => {
  const tree = { id: 'root', children: [{ id: 'g', children: [leaf(1), leaf(2)] }, leaf(3)] };
  it('reads them from the environment, with defaults', () => {
    expect(specLimits({})).toEqual({ nodes: 500, depth: 16, idLength: 64 });
    expect(specLimits({ ATLAS_SPEC_MAX_NODES: '4', ATLAS_SPEC_MAX_DEPTH: 'x' })).toEqual({
      nodes: 4,
      depth: 16,
      idLength: 64,
    });
  });
  it('applies each one at its bound', () => {
    const doc = { id: 'abcd', entity: 'e', tree };
    expect(() => parseSpec(doc, undefined, { nodes: 5, depth: 3, idLength: 4 })).not.toThrow();
    expect(() => parseSpec(doc, undefined, { nodes: 4, depth: 3, idLength: 4 })).toThrow(/more than 4 nodes/);
    expect(() => parseSpec(doc, undefined, { nodes: 5, depth: 2, idLength: 4 })).toThrow(/more than 2 levels/);
    expect(() => parseSpec(doc, undefined, { nodes: 5, depth: 3, idLength: 3 })).toThrow(/at most 3 characters/);
  });
});
