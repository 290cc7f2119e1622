// Every audited action over real HTTP in ATLAS_AUTH=required mode, signed in as real accounts: each appears once per
// event with the right actor, address, target, detail and outcome, is written before the answer, and GET /api/audit
// lists and filters them for administrators only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditList, type AuditEntry } from '../../contract/audit.ts';
import { AtlasDb } from '../db/database.ts';
import { GOOD, loadGood } from '../ingest/fixtures.ts';
import { startTestServer, tempDir, type TestServer } from '../test-support/server.ts';
import { verifyChain } from './verify.ts';

let t: TestServer;
let db: AtlasDb;
const tmp = tempDir('atlas-audit-events-');
const PASSWORD = 'a long enough password';
const cookies: Record<string, string> = {};

beforeAll(async () => {
  db = await AtlasDb.open({ path: ':memory:' });
  await loadGood(db, tmp.dir);
  t = await startTestServer({ db, auth: 'required' });
  for (const [name, role] of [
    ['ada', 'admin'],
    ['sam', 'steward'],
    ['ann', 'analyst'],
  ] as const)
    await t.atlas.auth.accounts.add({ name, password: PASSWORD, roles: [role] });
}, 120_000);
afterAll(async () => {
  await t.close();
  db.close();
  tmp.cleanup();
});

async function call(who: string | null, method: string, url: string, body?: unknown, raw?: string) {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (who) headers.cookie = cookies[who];
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (raw !== undefined) headers['content-type'] = 'text/csv';
  return fetch(`${t.base}${url}`, {
    method,
    headers,
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
}

async function signIn(name: string, password = PASSWORD) {
  const res = await call(null, 'POST', '/api/auth/signin', { name, password });
  if (res.ok) cookies[name] = res.headers.get('set-cookie')!.split(';')[0];
  return res;
}

/** Every entry, in chain order, as an administrator reads them. */
async function entries(query = ''): Promise<AuditEntry[]> {
  const res = await call('ada', 'GET', `/api/audit?limit=1000${query}`);
  expect(res.status).toBe(200);
  return auditList.parse(await res.json()).entries.reverse();
}

/** The entries recorded while `fn` ran. */
async function during(fn: () => Promise<void>): Promise<AuditEntry[]> {
  const before = (await entries()).length;
  await fn();
  return (await entries()).slice(before);
}

describe('the audit trail of every action', () => {
  it('records sign-ins that succeed and fail, by the name given and from the client address', async () => {
    expect((await signIn('ada')).status).toBe(200);
    const recorded = await during(async () => {
      expect((await signIn('ann', 'not the password')).status).toBe(401);
      expect((await signIn('nobody', 'not the password')).status).toBe(401);
      expect((await signIn('ann')).status).toBe(200);
      expect((await signIn('sam')).status).toBe(200);
    });
    expect(recorded.map((e) => [e.action, e.actor, e.target, e.outcome, e.detail.reason ?? null])).toEqual([
      ['sign_in', 'ann', 'ann', 'refused', 'wrong_credentials'],
      ['sign_in', 'nobody', 'nobody', 'refused', 'wrong_credentials'],
      ['sign_in', 'ann', 'ann', 'ok', null],
      ['sign_in', 'sam', 'sam', 'ok', null],
    ]);
    expect(new Set(recorded.map((e) => e.address))).toEqual(new Set(['127.0.0.1']));
  });

  it('records accounts created and changed, by the administrator, without passwords', async () => {
    const recorded = await during(async () => {
      const created = await call('ada', 'POST', '/api/admin/accounts', {
        name: 'vic',
        roles: ['viewer'],
        scope: ['510000'],
        password: PASSWORD,
      });
      expect(created.status).toBe(201);
      const changed = await call('ada', 'PATCH', '/api/admin/accounts/vic', {
        roles: ['viewer'],
        password: PASSWORD + '!',
      });
      expect(changed.status).toBe(200);
    });
    expect(recorded).toMatchObject([
      {
        action: 'account_create',
        actor: 'ada',
        target: 'vic',
        outcome: 'ok',
        detail: { roles: ['viewer'], scope: ['510000'], password: true },
      },
      { action: 'account_change', actor: 'ada', target: 'vic', detail: { roles: ['viewer'], password_changed: true } },
    ]);
    expect(JSON.stringify(recorded)).not.toContain(PASSWORD);
  });

  it('records tokens created and revoked, and the requests a token signs', async () => {
    const recorded = await during(async () => {
      const res = await call('ann', 'POST', '/api/auth/tokens', { name: 'notebook', expires_days: 7 });
      const { id, token } = (await res.json()) as { id: string; token: string };
      const viaToken = await fetch(`${t.base}/api/sql?format=json`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ sql: 'SELECT 42 AS answer' }),
      });
      expect(viaToken.status).toBe(200);
      expect((await call('ann', 'DELETE', `/api/auth/tokens/${id}`)).status).toBe(200);
    });
    expect(recorded).toMatchObject([
      { action: 'token_create', actor: 'ann', detail: { name: 'notebook', owner: 'ann' }, outcome: 'ok' },
      { action: 'sql', actor: 'ann', detail: { sql: 'SELECT 42 AS answer', rows: 1 }, outcome: 'ok' },
      { action: 'token_revoke', actor: 'ann', detail: { name: 'notebook', owner: 'ann' }, outcome: 'ok' },
    ]);
    expect(recorded[0].target).toMatch(/^tok_/);
    expect(recorded[2].target).toBe(recorded[0].target);
  });

  it('records every ingest with its file, SHA-256, batch and counts, a replacement beside it, and refusals', async () => {
    const upload = (name: string, text: string, query = 'wait=true') =>
      call('sam', 'POST', `/api/ingest/org?filename=${name}&${query}`, undefined, text);
    const changed = GOOD.org.replace('某科技公司', '某科技有限公司');
    const recorded = await during(async () => {
      expect((await upload('org.csv', GOOD.org)).status).toBe(200); // the same file again
      expect((await upload('org-v2.csv', changed)).status).toBe(200);
      const bad = GOOD.org + 'O9,bad-uscc,名,NOT_A_ROLE,,,110000,,false\n';
      expect((await upload('org-bad.csv', bad, 'wait=true&strict=true')).status).toBe(422);
    });
    expect(recorded.map((e) => [e.action, e.actor, e.target, e.outcome])).toEqual([
      ['ingest', 'sam', 'org.csv', 'ok'],
      ['ingest', 'sam', 'org-v2.csv', 'ok'],
      ['records_replace', 'sam', 'org-v2.csv', 'ok'],
      ['ingest', 'sam', 'org-bad.csv', 'refused'],
    ]);
    const [dup, v2, replace, bad] = recorded;
    expect(dup.detail).toMatchObject({ kind: 'org', status: 'DUPLICATE_FILE' });
    expect(v2.detail).toMatchObject({ kind: 'org', status: 'COMMITTED', replaced: 1, unchanged: 4, inserted: 0 });
    expect(v2.detail.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(replace.detail).toEqual({ kind: 'org', batch_id: v2.detail.batch_id, replaced: 1 });
    expect(bad.detail).toMatchObject({ status: 'REFUSED', strict: true, rejected: 1, reason: expect.any(String) });
  });

  it('writes the entry of an ingest before its job is reported done', async () => {
    const res = await call('sam', 'POST', '/api/ingest/org?filename=org-v3.csv', undefined, GOOD.org + '\n');
    expect(res.status).toBe(202);
    const { job } = (await res.json()) as { job: { id: string } };
    for (;;) {
      const state = ((await (await call('sam', 'GET', `/api/ingest/jobs/${job.id}`)).json()) as { state: string })
        .state;
      if (state === 'done') break;
      expect(state).not.toBe('failed');
      await new Promise((r) => setTimeout(r, 20));
    }
    // read straight after: no waiting for the log
    expect((await entries('&action=ingest')).at(-1)).toMatchObject({ target: 'org-v3.csv', actor: 'sam' });
  });

  it('records SQL statements with text, rows and time, refusals with why, and exports with format and rows', async () => {
    const recorded = await during(async () => {
      const ok = await call('ann', 'POST', '/api/sql?format=json', { sql: 'SELECT org_id FROM org', query_id: 'q-1' });
      expect(ok.status).toBe(200);
      const refused = await call('ann', 'POST', '/api/sql?format=json', { sql: 'DELETE FROM org' });
      expect(refused.status).toBe(400);
      const exported = await call('ann', 'POST', '/api/sql/export', { sql: 'SELECT * FROM org', format: 'csv' });
      expect(exported.status).toBe(200);
      await exported.text();
      // an export is recorded as its stream ends, which the client may see first
      for (let i = 0; i < 100 && !(await entries('&action=export')).length; i++)
        await new Promise((r) => setTimeout(r, 20));
    });
    expect(recorded).toMatchObject([
      {
        action: 'sql',
        actor: 'ann',
        target: 'q-1',
        outcome: 'ok',
        detail: { sql: 'SELECT org_id FROM org', rows: 5, truncated: false, elapsed_ms: expect.any(Number) },
      },
      { action: 'sql', outcome: 'refused', detail: { sql: 'DELETE FROM org', reason: expect.any(String) } },
      { action: 'export', actor: 'ann', outcome: 'ok', detail: { sql: 'SELECT * FROM org', format: 'csv', rows: 5 } },
    ]);
    expect(recorded[1].detail.message).toMatch(/DELETE/);
  });

  it('records methodology uploads with the spec id, and refused ones', async () => {
    const spec = {
      id: 'audit-test-spec',
      entity: 'entity',
      tree: { id: 'root', children: [{ id: 'calls', column: 'calls' }] },
    };
    const recorded = await during(async () => {
      const ok = await call('ann', 'POST', '/api/composite?format=json', { spec });
      expect(ok.status, await ok.text()).toBe(200);
      const bad = await call('ann', 'POST', '/api/composite?format=json', { spec: { id: 'broken-spec' } });
      expect(bad.status).toBe(400);
    });
    expect(recorded).toMatchObject([
      { action: 'methodology_upload', actor: 'ann', target: 'audit-test-spec', outcome: 'ok' },
      { action: 'methodology_upload', actor: 'ann', target: 'broken-spec', outcome: 'refused' },
    ]);
    expect(recorded[0].detail.spec_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('records sign-out by the account that signs out', async () => {
    const recorded = await during(async () => {
      expect((await call('ann', 'POST', '/api/auth/signout')).status).toBe(200);
    });
    expect(recorded).toMatchObject([{ action: 'sign_out', actor: 'ann', outcome: 'ok' }]);
  });
});

describe('GET /api/audit', () => {
  it('is for administrators only', async () => {
    expect((await signIn('vic', PASSWORD + '!')).status).toBe(200);
    expect((await call('vic', 'GET', '/api/audit')).status).toBe(403);
    expect((await call('sam', 'GET', '/api/audit')).status).toBe(403);
    expect((await call(null, 'GET', '/api/audit')).status).toBe(401);
  });

  it('filters by user, action, outcome and period, newest first, in pages', async () => {
    const all = await entries();
    const page = auditList.parse(await (await call('ada', 'GET', '/api/audit?user=sam&limit=3')).json());
    const sams = all.filter((e) => e.actor === 'sam').reverse();
    expect(page.total).toBe(sams.length);
    expect(page.entries.map((e) => e.seq)).toEqual(sams.slice(0, 3).map((e) => e.seq));
    const next = auditList.parse(
      await (await call('ada', 'GET', `/api/audit?user=sam&limit=3&before=${page.next_before}`)).json(),
    );
    expect(next.entries.map((e) => e.seq)).toEqual(sams.slice(3, 6).map((e) => e.seq));

    const refusals = await entries('&action=sign_in,sql&outcome=refused');
    expect(refusals.map((e) => e.action)).toEqual(['sign_in', 'sign_in', 'sql']);

    const middle = all[Math.floor(all.length / 2)].at;
    const since = await entries(`&since=${encodeURIComponent(middle)}`);
    expect(since.length).toBeGreaterThan(0);
    expect(since.every((e) => e.at >= middle)).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    expect((await entries(`&since=${today}&until=${today}`)).length).toBe(all.length);
    expect(await entries(`&until=2000-01-01`)).toEqual([]);

    const bad = await call('ada', 'GET', '/api/audit?since=yesterday');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ code: 'invalid_parameter', details: { field: 'since' } });
    expect((await call('ada', 'GET', '/api/audit?action=dance')).status).toBe(400);
  });

  it('sends every matching entry as CSV, newest first', async () => {
    const all = await entries();
    const res = await call('ada', 'GET', '/api/audit?format=csv&limit=1');
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('seq,at,actor,address,action,target,outcome,detail,prev_hash,hash');
    // one line per entry (no cell holds a line break: detail is JSON)
    expect(lines.length - 1).toBeGreaterThanOrEqual(all.length);
    expect(lines[lines.length - 1]).toMatch(/^1,/);
  });

  it('leaves a chain that verifies', async () => {
    await t.atlas.audit.flush();
    const store = { withConnection: t.atlas.auth.store.withConnection.bind(t.atlas.auth.store) };
    expect(await verifyChain(store)).toMatchObject({ broken: null });
  });
});

describe('local mode', () => {
  it("records the local administrator as 'local'", async () => {
    const local = await startTestServer({ db });
    try {
      const res = await fetch(`${local.base}/api/sql?format=json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sql: 'SELECT 1 AS one' }),
      });
      expect(res.status).toBe(200);
      // the answer streams: its entry is written before its last bytes, so once the answer is read it is there
      expect(await res.json()).toMatchObject({ rows: [{ one: 1 }] });
      const list = auditList.parse(await (await fetch(`${local.base}/api/audit?action=sql`)).json());
      expect(list.entries[0]).toMatchObject({ actor: 'local', action: 'sql', detail: { sql: 'SELECT 1 AS one' } });
    } finally {
      await local.close();
    }
  });
});
