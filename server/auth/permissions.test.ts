// The permission matrix: every endpoint of the contract called by every kind of account, national and scoped, and by
// nobody, over real HTTP with ATLAS_AUTH=required. The expected status comes from one table, the contract's access
// rules (contract/endpoints.ts), and from the record-level scope rules; an endpoint without a rule or a sample request
// does not compile (endpoint-cases.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../contract/auth.ts';
import { endpoints, type EndpointName } from '../../contract/endpoints.ts';
import { loadSampleData } from '../api/sample-bootstrap.ts';
import { allows, type Identity } from '../api/identity.ts';
import { AtlasDb } from '../db/database.ts';
import { createLogger } from '../log.ts';
import { callCase, endpointCases, type CaseState } from '../test-support/endpoint-cases.ts';
import { startTestServer, type TestServer } from '../test-support/server.ts';

interface Who {
  label: string;
  roles: Role[] | null;
  scope: string[] | null;
}

const PASSWORD = 'matrix password long enough';
const WHO: Who[] = [
  { label: 'nobody', roles: null, scope: null },
  { label: 'viewer', roles: ['viewer'], scope: null },
  { label: 'viewer-510000', roles: ['viewer'], scope: ['510000'] },
  { label: 'analyst', roles: ['analyst'], scope: null },
  { label: 'analyst-510000', roles: ['analyst'], scope: ['510000'] },
  { label: 'steward', roles: ['steward'], scope: null },
  { label: 'steward-510000', roles: ['steward'], scope: ['510000'] },
  { label: 'analyst-steward', roles: ['analyst', 'steward'], scope: ['510000', '440000'] },
  { label: 'admin', roles: ['admin'], scope: null },
];

/**
 * Record-level endpoints whose sample target lies outside a regional scope: the sample's batch 1 was loaded nationally
 * (by the command line), so its rejected rows and its warnings are shown to national readers only.
 */
const OUTSIDE_ANY_SCOPE: Partial<Record<EndpointName, true>> = { batchRejects: true, batchWarnings: true };

function expected(name: EndpointName, who: Who): 'allowed' | 401 | 403 {
  if (name === 'signIn') return who.roles ? 'allowed' : 401; // nobody signs in with an unknown name
  const id: Identity | null = who.roles
    ? { user: who.label, accountId: 0, roles: who.roles, scope: who.scope, mode: 'accounts', via: 'session' }
    : null;
  if (!allows(endpoints[name].access, id)) return id ? 403 : 401;
  if (OUTSIDE_ANY_SCOPE[name] && who.scope !== null) return 403;
  return 'allowed';
}

let t: TestServer;
let db: AtlasDb;
beforeAll(async () => {
  db = await AtlasDb.open({ path: ':memory:' });
  await loadSampleData(db, createLogger(), { scale: 0.1 });
  t = await startTestServer({ db, auth: 'required' });
  for (const who of WHO)
    if (who.roles)
      await t.atlas.auth.accounts.add({ name: who.label, roles: who.roles, scope: who.scope, password: PASSWORD });
}, 120_000);
afterAll(async () => {
  await t.close();
  db.close();
});

describe('the permission matrix', () => {
  for (const who of WHO) {
    it(`${who.label}: every endpoint answers as its access rule and scope say`, async () => {
      const state: CaseState = { job: '', saved: 0, token: '', unique: `-${who.label}` };
      const cases = endpointCases(state, { name: who.roles ? who.label : 'no-such-account', password: PASSWORD });
      let cookie = '';
      if (who.roles) {
        const res = await callCase(t.base, cases.signIn());
        expect(res.status).toBe(200);
        cookie = res.headers.get('set-cookie')!.split(';')[0];
      }
      const wrong: string[] = [];
      for (const name of Object.keys(cases) as EndpointName[]) {
        const res = await callCase(t.base, cases[name](), cookie);
        const text = await res.text();
        const want = expected(name, who);
        const ok =
          want === 'allowed' ? res.status !== 401 && res.status !== 403 && res.status < 500 : res.status === want;
        if (!ok) wrong.push(`${name}: expected ${want}, got ${res.status} ${text.slice(0, 160)}`);
        if (res.ok && name === 'createToken') state.token = (JSON.parse(text) as { id: string }).id;
        if (res.ok && name === 'savedCreate') state.saved = (JSON.parse(text) as { id: number }).id;
        if (res.ok && name === 'upload') state.job = (JSON.parse(text) as { job: { id: string } }).job.id;
      }
      expect(wrong).toEqual([]);
    });
  }

  it('refuses with the one error shape in both languages', async () => {
    const anonymous = await fetch(`${t.base}/api/rankings`);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error).toMatchObject({ code: 'unauthenticated', message_zh: '请先登录' });
    const signIn = await callCase(t.base, {
      method: 'POST',
      url: '/api/auth/signin',
      body: { name: 'viewer', password: PASSWORD },
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    const sql = await callCase(t.base, { method: 'POST', url: '/api/sql', body: { sql: 'SELECT 1' } }, cookie);
    expect(sql.status).toBe(403);
    expect((await sql.json()).error).toMatchObject({
      code: 'forbidden',
      details: { needs: 'analyst' },
      message: expect.stringMatching(/analyst/),
      message_zh: expect.stringMatching(/分析师/),
    });
  });

  it("writes a scoped steward's rows of their regions only, and records who loaded the batch", async () => {
    const signIn = await callCase(t.base, {
      method: 'POST',
      url: '/api/auth/signin',
      body: { name: 'steward-510000', password: PASSWORD },
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    const csv = [
      'org_id,name,org_role,region_code',
      'SC1,四川某数据中心,DATA_HOLDER,510000',
      'GD1,广东某数据中心,DATA_HOLDER,440000',
    ].join('\n');
    const res = await callCase(
      t.base,
      { method: 'POST', url: '/api/ingest/org?wait=true&filename=two.csv', raw: csv },
      cookie,
    );
    expect(res.status).toBe(200);
    const { summary } = await res.json();
    expect(summary).toMatchObject({ inserted: 1, rejected: 1, rejects_by_reason: { out_of_scope: { count: 1 } } });
    expect(summary.first_rejects[0]).toMatchObject({
      line: 3,
      field: 'region_code',
      value: '440000',
      reason_code: 'out_of_scope',
    });
    const batch = await (await callCase(t.base, { url: `/api/ingest/batches/${summary.batch_id}` }, cookie)).json();
    expect(batch).toMatchObject({ account: 'steward-510000', scope: ['510000'], rejects_withheld: false });
    // a steward of another region sees the batch's counts but not its rejected rows
    const other = await t.atlas.auth.accounts.add({
      name: 'steward-440000',
      roles: ['steward'],
      scope: ['440000'],
      password: PASSWORD,
    });
    const otherCookie = (
      await callCase(t.base, {
        method: 'POST',
        url: '/api/auth/signin',
        body: { name: other.name, password: PASSWORD },
      })
    ).headers
      .get('set-cookie')!
      .split(';')[0];
    const seen = await (await callCase(t.base, { url: `/api/ingest/batches/${summary.batch_id}` }, otherCookie)).json();
    expect(seen).toMatchObject({ rejected: 1, rejects_withheld: true, summary: { first_rejects: [] } });
    expect(
      (await callCase(t.base, { url: `/api/ingest/batches/${summary.batch_id}/rejects` }, otherCookie)).status,
    ).toBe(403);
  });
});
