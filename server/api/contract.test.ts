// Every endpoint of the contract (contract/endpoints.ts) called over real HTTP on generated sample data, its answer
// parsed with the contract's own schema: a server change that breaks what the web app expects fails here, whichever
// page would have shown it. A new endpoint without a case here fails too.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { endpoints, errorBody, type EndpointName } from '../../contract/endpoints.ts';
import { AtlasDb } from '../db/database.ts';
import { ROOT } from '../db/paths.ts';
import { GOOD } from '../ingest/fixtures.ts';
import { createLogger } from '../log.ts';
import { startTestServer, type TestServer } from '../test-support/server.ts';
import { loadSampleData } from './sample-bootstrap.ts';

let t: TestServer;
let db: AtlasDb;
/** The administrator's session cookie: every case but signing in is called signed in as an administrator. */
let cookie = '';
const ADMIN = { name: 'contract-admin', password: 'correct horse battery staple' };

beforeAll(async () => {
  db = await AtlasDb.open({ path: ':memory:' });
  await loadSampleData(db, createLogger(), { scale: 0.1 });
  t = await startTestServer({ db, auth: 'required' });
  await t.atlas.auth.accounts.add({ ...ADMIN, roles: ['admin'] });
}, 120_000);
afterAll(async () => {
  await t.close();
  db.close();
});

interface Call {
  method?: string;
  url: string;
  body?: unknown;
  /** The body as it is (a raw upload), not JSON. */
  raw?: string;
  status?: number;
}

const state = { job: '', saved: 0, token: '' };
const SPEC = {
  id: 'contract-test',
  entity: 'entity',
  tree: {
    id: 'root',
    children: [
      { id: 'calls', column: 'calls' },
      { id: 'users', column: 'distinct_users' },
    ],
  },
};

/** One request per endpoint, in an order where each finds what it needs (an upload before its job). */
const CASES: Record<EndpointName, () => Call> = {
  signIn: () => ({ method: 'POST', url: '/api/auth/signin', body: ADMIN }),
  me: () => ({ url: '/api/me' }),
  health: () => ({ url: '/api/health' }),
  meta: () => ({ url: '/api/meta?batches=3' }),
  reference: () => ({ url: '/api/reference' }),
  overview: () => ({ url: '/api/dashboard/overview?sectors=DEX05' }),
  trend: () => ({ url: '/api/dashboard/trend?format=json' }),
  regionValues: () => ({ url: '/api/dashboard/regions?format=json&measure=paid_amount&basis=per_capita' }),
  cellValues: () => ({ url: '/api/dashboard/cells?format=json' }),
  indicators: () => ({ url: '/api/indicators' }),
  indicatorValues: () => ({ url: '/api/indicators/values?format=json&level=cell' }),
  methodologies: () => ({ url: '/api/methodologies' }),
  methodology: () => ({ url: '/api/methodologies/market-demand' }),
  composite: () => ({
    method: 'POST',
    url: '/api/composite?format=json&contributions=true',
    body: { spec: SPEC },
  }),
  rankings: () => ({ url: '/api/rankings?level=cell&draws=20&index=market-demand' }),
  quadrants: () => ({ url: '/api/quadrants?format=json' }),
  candidates: () => ({ url: '/api/candidates?limit=3' }),
  models: () => ({ url: '/api/models?min_provinces=1' }),
  peers: () => ({ url: '/api/regions/510000/peers?k=3' }),
  upload: () => ({ method: 'POST', url: '/api/ingest/org?filename=org.csv', raw: GOOD.org, status: 202 }),
  job: () => ({ url: `/api/ingest/jobs/${state.job}` }),
  batches: () => ({ url: '/api/ingest/batches?limit=5' }),
  batch: () => ({ url: '/api/ingest/batches/1' }),
  batchRejects: () => ({ url: '/api/ingest/batches/1/rejects' }),
  sql: () => ({ method: 'POST', url: '/api/sql?format=json', body: { sql: 'SELECT region_code FROM ref_region' } }),
  sqlCancel: () => ({ method: 'POST', url: '/api/sql/cancel', body: { query_id: 'not-running' } }),
  sqlExport: () => ({ method: 'POST', url: '/api/sql/export', body: { sql: 'SELECT 1 AS a', format: 'csv' } }),
  sqlStatus: () => ({ url: '/api/sql/status' }),
  schema: () => ({ url: '/api/schema' }),
  savedList: () => ({ url: '/api/sql/saved' }),
  savedCreate: () => ({ method: 'POST', url: '/api/sql/saved', body: { title: 'q', sql: 'SELECT 1' }, status: 201 }),
  savedGet: () => ({ url: `/api/sql/saved/${state.saved}` }),
  savedUpdate: () => ({ method: 'PUT', url: `/api/sql/saved/${state.saved}`, body: { title: 'q2', sql: 'SELECT 2' } }),
  savedDelete: () => ({ method: 'DELETE', url: `/api/sql/saved/${state.saved}`, status: 204 }),
  createToken: () => ({
    method: 'POST',
    url: '/api/auth/tokens',
    body: { name: 'script', expires_days: 7 },
    status: 201,
  }),
  myTokens: () => ({ url: '/api/auth/tokens' }),
  allTokens: () => ({ url: '/api/admin/tokens' }),
  revokeToken: () => ({ method: 'DELETE', url: `/api/auth/tokens/${state.token}` }),
  accounts: () => ({ url: '/api/admin/accounts' }),
  createAccount: () => ({
    method: 'POST',
    url: '/api/admin/accounts',
    body: { name: 'lead-sc', roles: ['viewer'], scope: ['510000'], password: 'a long enough password' },
    status: 201,
  }),
  changeAccount: () => ({
    method: 'PATCH',
    url: '/api/admin/accounts/lead-sc',
    body: { roles: ['viewer', 'analyst'] },
  }),
  audit: () => ({ url: '/api/audit?limit=5&action=sign_in,account_create' }),
  signOut: () => ({ method: 'POST', url: '/api/auth/signout' }),
};

async function call(c: Call): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', cookie };
  if (c.body !== undefined) headers['content-type'] = 'application/json';
  if (c.raw !== undefined) headers['content-type'] = 'text/csv';
  return fetch(`${t.base}${c.url}`, {
    method: c.method ?? 'GET',
    headers,
    body: c.raw ?? (c.body === undefined ? undefined : JSON.stringify(c.body)),
  });
}

/** The first problems of a parse, as readable lines (the path and zod's message). */
function problems(schema: z.ZodType, body: unknown): string[] {
  const r = schema.safeParse(body);
  return r.success ? [] : r.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('the contract over HTTP', () => {
  it('has a case for every endpoint, and every route is mounted from the contract', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(endpoints).sort());
    // route() (server/api/endpoint.ts) mounts from the table; a route written by hand would escape the contract
    const files = fs.readdirSync(path.join(ROOT, 'server'), { recursive: true, encoding: 'utf8' });
    const handWritten = files
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .filter((f) =>
        /\b(router|app)\.(get|post|put|patch|delete)\(/.test(fs.readFileSync(path.join(ROOT, 'server', f), 'utf8')),
      )
      .filter((f) => f !== path.join('api', 'app.ts'));
    expect(handWritten).toEqual([]);
  });

  for (const name of Object.keys(CASES) as EndpointName[]) {
    it(`${endpoints[name].method} ${endpoints[name].path} answers what the contract says`, async () => {
      const c = CASES[name]();
      const res = await call(c);
      const text = await res.text();
      expect(res.status, text.slice(0, 500)).toBe(c.status ?? 200);
      const endpoint = endpoints[name];
      if (endpoint.kind === 'stream') {
        expect(res.headers.get('content-type')).toMatch(/text\/csv/);
        return;
      }
      if (endpoint.kind === 'empty') return;
      const body: unknown = JSON.parse(text);
      expect(problems(endpoint.answer, body)).toEqual([]);
      if (name === 'signIn') cookie = res.headers.get('set-cookie')!.split(';')[0];
      if (name === 'createToken') state.token = (body as { id: string }).id;
      if (name === 'upload') state.job = (body as { job: { id: string } }).job.id;
      if (name === 'savedCreate') state.saved = (body as { id: number }).id;
      if (name === 'upload') {
        // the job the next case reads must have finished writing before the batch cases read the history
        for (let i = 0; i < 100; i++) {
          const job = (await (
            await fetch(`${t.base}/api/ingest/jobs/${state.job}`, { headers: { cookie } })
          ).json()) as {
            state: string;
          };
          if (job.state === 'done' || job.state === 'failed') break;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    });
  }

  it('answers a refused parameter with the one error shape, in English and Chinese', async () => {
    // signed out by the last case: sign in again
    const signIn = await call(CASES.signIn());
    cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    const res = await fetch(`${t.base}/api/rankings?draws=many`, { headers: { cookie } });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(problems(errorBody, body)).toEqual([]);
    expect(body.error).toMatchObject({
      code: 'invalid_parameter',
      message: 'draws must be a number from 0 to 10000, got "many"',
      message_zh: '抽样次数必须是 0 到 10000 之间的数，收到 "many"',
      details: { field: 'draws', reason: 'number', value: 'many', min: 0, max: 10_000 },
    });
  });
});
