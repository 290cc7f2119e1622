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
import { callCase, endpointCases, type Call, type CaseState } from '../test-support/endpoint-cases.ts';
import { createLogger } from '../log.ts';
import { startTestServer, type TestServer } from '../test-support/server.ts';
import { SqlLog } from '../test-support/sql-log.ts';
import { loadSampleData } from './sample-bootstrap.ts';

let t: TestServer;
let db: AtlasDb;
/** The administrator's session cookie: every case but signing in is called signed in as an administrator. */
let cookie = '';
let sqlLog: SqlLog;
const ADMIN = { name: 'contract-admin', password: 'correct horse battery staple' };

beforeAll(async () => {
  db = await AtlasDb.open({ path: ':memory:' });
  await loadSampleData(db, createLogger(), { scale: 0.1 });
  t = await startTestServer({ db, auth: 'required' });
  await t.atlas.auth.accounts.add({ ...ADMIN, roles: ['admin'] });
  sqlLog = new SqlLog(t.server);
}, 120_000);
afterAll(async () => {
  sqlLog.stop();
  await t.close();
  db.close();
});

const state: CaseState = { job: '', saved: 0, token: '', unique: '' };
const CASES = endpointCases(state, ADMIN);
const call = (c: Call) => callCase(t.base, c, cookie);

/** A statement that reads records: what an endpoint declared `light` must not run (contract/endpoints.ts Work). */
const READS_RECORDS =
  /\b(from|join)\s+("?)(registration|authorization|authorization_resource|product|usage|org|rollup_usage_month|record_history|v_\w+)\2\b/i;

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
      sqlLog.clear();
      const res = await call(c);
      const text = await res.text();
      expect(res.status, text.slice(0, 500)).toBe(c.status ?? 200);
      const endpoint = endpoints[name];
      // a light endpoint skips admission control, so it must not scan records
      if (endpoint.work === 'light') expect(sqlLog.of(c.url).filter((q) => READS_RECORDS.test(q))).toEqual([]);
      if (endpoint.kind === 'stream') {
        expect(res.headers.get('content-type')).toMatch(/text\/csv/);
        return;
      }
      if (endpoint.kind === 'empty') return;
      if (endpoint.kind === 'redirect') {
        expect(res.headers.get('location')).toMatch(/^\/signin\?sso_error=oidc_not_configured/);
        return;
      }
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
      message: 'draws must be a number from 0 to 1000, got "many"',
      message_zh: '抽样次数必须是 0 到 1000 之间的数，收到 "many"',
      details: { field: 'draws', reason: 'number', value: 'many', min: 0, max: 1000 },
    });
  });
});
