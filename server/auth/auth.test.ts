// Accounts over real HTTP: modes, sign-in and its throttle, sessions and their end, API tokens, and the guards every
// request passes (host, same-origin proof, security headers, rate limit). rawFetch sends no same-origin proof.
import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { AtlasDb } from '../db/database.ts';
import { rawFetch } from '../test-support/raw-fetch.ts';
import { startTestServer, type TestServer } from '../test-support/server.ts';

const PASSWORD = 'a password long enough';
const cookieOf = (res: Response) => res.headers.get('set-cookie')?.split(';')[0] ?? '';
const signIn = (t: TestServer, name: string, password = PASSWORD, extra: Record<string, string> = {}) =>
  fetch(`${t.base}/api/auth/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...extra },
    body: JSON.stringify({ name, password }),
  });

describe('local mode', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('is the local administrator on loopback while no account exists, and asks for sign-in once one does', async () => {
    const me = await (await fetch(`${t.base}/api/me`)).json();
    expect(me).toEqual({
      user: 'local',
      roles: ['viewer', 'analyst', 'steward', 'admin'],
      scope: null,
      mode: 'local',
      via: 'local',
    });
    const created = await fetch(`${t.base}/api/admin/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'first-admin', roles: ['admin'], password: PASSWORD }),
    });
    expect(created.status).toBe(201);
    expect((await fetch(`${t.base}/api/me`)).status).toBe(401);
    const res = await signIn(t, 'first-admin');
    expect((await (await fetch(`${t.base}/api/me`, { headers: { cookie: cookieOf(res) } })).json()).mode).toBe(
      'accounts',
    );
  });
});

describe('a server on another interface', () => {
  it('refuses to start without an administrator, and says how to create one', async () => {
    const db = await AtlasDb.open({ path: ':memory:' });
    try {
      await expect(createApp({ db, staticDir: null, host: '0.0.0.0' })).rejects.toThrow(/users add NAME --role admin/);
    } finally {
      db.close();
    }
  });
});

describe('accounts required', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ auth: 'required' });
    for (const [name, roles] of [
      ['ana', ['analyst']],
      ['vic', ['viewer']],
      ['locked', ['viewer']],
      ['admin', ['admin']],
    ] as const)
      await t.atlas.auth.accounts.add({ name, roles, password: PASSWORD });
  });
  afterAll(() => t.close());

  it('signs in with an HttpOnly, SameSite=Strict cookie and signs out', async () => {
    const res = await signIn(t, 'ana');
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/);
    const cookie = cookieOf(res);
    expect(await (await fetch(`${t.base}/api/me`, { headers: { cookie } })).json()).toMatchObject({
      user: 'ana',
      roles: ['analyst'],
      via: 'session',
    });
    const out = await fetch(`${t.base}/api/auth/signout`, { method: 'POST', headers: { cookie } });
    expect(await out.json()).toEqual({ signed_out: true });
    expect((await fetch(`${t.base}/api/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('refuses a wrong password in both languages, slows down and then locks', async () => {
    const first = await signIn(t, 'locked', 'wrong password!');
    expect(first.status).toBe(401);
    expect((await first.json()).error).toMatchObject({ code: 'wrong_credentials', message_zh: expect.any(String) });
    const throttle = t.atlas.auth.throttle;
    for (let i = 1; i < throttle.lockAfter; i++) throttle.failed('locked', '10.0.0.9');
    const locked = await signIn(t, 'locked'); // the right password, too late
    expect(locked.status).toBe(429);
    const body = await locked.json();
    expect(body.error).toMatchObject({ code: 'too_many_attempts', details: { locked: true, who: 'account' } });
    expect(body.error.message_zh).toMatch(/锁定/);
    // another account from the same address is not locked by these failures
    expect((await signIn(t, 'vic')).status).toBe(200);
  });

  it('ends the sessions of an account whose password or roles change, or that is disabled', async () => {
    const cookie = cookieOf(await signIn(t, 'vic'));
    const me = () => fetch(`${t.base}/api/me`, { headers: { cookie } });
    expect((await me()).status).toBe(200);
    await t.atlas.auth.accounts.change('vic', { roles: ['viewer', 'analyst'] });
    expect((await me()).status).toBe(401);
    const again = cookieOf(await signIn(t, 'vic'));
    await t.atlas.auth.accounts.change('vic', { disabled: true });
    expect((await fetch(`${t.base}/api/me`, { headers: { cookie: again } })).status).toBe(401);
    expect((await signIn(t, 'vic')).status).toBe(401);
  });

  it('serves scripts with API tokens: no cookie, no same-origin proof, revocable', async () => {
    const cookie = cookieOf(await signIn(t, 'ana'));
    const created = await (
      await fetch(`${t.base}/api/auth/tokens`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'nightly', expires_days: 30 }),
      })
    ).json();
    expect(created.token).toMatch(/^atl_/);
    const auth = { authorization: `Bearer ${created.token}` };
    const run = () =>
      rawFetch(`${t.base}/api/sql?format=json`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ sql: 'SELECT 42 AS answer' }),
      });
    const answer = await run();
    expect(answer.status).toBe(200);
    expect((await answer.json()).rows).toEqual([{ answer: 42 }]);
    // only its hash is kept, and the list never shows the secret
    const list = await (await fetch(`${t.base}/api/auth/tokens`, { headers: { cookie } })).json();
    expect(JSON.stringify(list)).not.toContain(created.token);
    expect(list.tokens[0]).toMatchObject({ id: created.id, name: 'nightly', revoked_at: null });
    await fetch(`${t.base}/api/auth/tokens/${created.id}`, { method: 'DELETE', headers: { cookie } });
    expect((await run()).status).toBe(401);
    expect((await rawFetch(`${t.base}/api/me`, { headers: { authorization: 'Bearer atl_nope' } })).status).toBe(401);
  });

  it('refuses state-changing requests without the same-origin proof or from another origin', async () => {
    const cookie = cookieOf(await signIn(t, 'ana'));
    const body = JSON.stringify({ sql: 'SELECT 1' });
    const post = (headers: Record<string, string>, b: BodyInit = body) =>
      rawFetch(`${t.base}/api/sql`, { method: 'POST', headers: { cookie, ...headers }, body: b });
    const bare = await post({ 'content-type': 'application/json' });
    expect(bare.status).toBe(403);
    expect((await bare.json()).error.code).toBe('cross_site_request');
    // what a page of another site can make a browser send: a form post or text/plain, with its own Origin
    expect((await post({ 'content-type': 'text/plain', origin: 'https://evil.example' })).status).toBe(403);
    expect(
      (await post({ 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams({ sql: 'SELECT 1' })))
        .status,
    ).toBe(403);
    expect(
      (await post({ 'content-type': 'application/json', 'x-atlas-request': '1', origin: 'https://evil.example' }))
        .status,
    ).toBe(403);
    expect((await post({ 'content-type': 'application/json', 'x-atlas-request': '1', origin: t.base })).status).toBe(
      200,
    );
    // reading needs no proof
    expect((await rawFetch(`${t.base}/api/me`, { headers: { cookie } })).status).toBe(200);
  });

  it('answers only to its own host names (DNS rebinding)', async () => {
    const get = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.get(`${t.base}/api/health`, { headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on('error', reject);
      });
    expect(await get('evil.example:3000')).toBe(421);
    expect(await get('localhost:3000')).toBe(200);
    expect(await get('127.0.0.1')).toBe(200);
  });

  it('sends security headers: a CSP without inline scripts, no framing, no sniffing, a referrer policy', async () => {
    const res = await fetch(`${t.base}/api/health`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('forbids a role what it does not have, and lets an administrator do everything', async () => {
    const viewer = cookieOf(await signIn(t, 'admin'));
    expect((await fetch(`${t.base}/api/admin/accounts`, { headers: { cookie: viewer } })).status).toBe(200);
    const ana = cookieOf(await signIn(t, 'ana'));
    const res = await fetch(`${t.base}/api/admin/accounts`, { headers: { cookie: ana } });
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatchObject({ code: 'forbidden', details: { needs: 'admin' } });
  });
});

describe('session expiry', () => {
  let t: TestServer;
  afterEach(() => {
    delete process.env.ATLAS_SESSION_IDLE_MINUTES;
    delete process.env.ATLAS_SESSION_MAX_HOURS;
  });

  it('ends a session after the idle time', async () => {
    // Windows are wide and measured from sign-in, so a loaded machine cannot turn a live session into an expired one.
    process.env.ATLAS_SESSION_IDLE_MINUTES = String(1.5 / 60);
    t = await startTestServer({ auth: 'required' });
    try {
      await t.atlas.auth.accounts.add({ name: 'idle', roles: ['viewer'], password: PASSWORD });
      const cookie = cookieOf(await signIn(t, 'idle'));
      expect((await fetch(`${t.base}/api/me`, { headers: { cookie } })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 2000));
      expect((await fetch(`${t.base}/api/me`, { headers: { cookie } })).status).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('ends a session at its absolute expiry even while in use', async () => {
    const maxMs = 6000;
    process.env.ATLAS_SESSION_MAX_HOURS = String(maxMs / 3_600_000);
    t = await startTestServer({ auth: 'required' });
    try {
      await t.atlas.auth.accounts.add({ name: 'busy', roles: ['viewer'], password: PASSWORD });
      const cookie = cookieOf(await signIn(t, 'busy'));
      // the session began before the sign-in answered: its expiry is at most maxMs from here (scrypt under load may
      // take seconds, so a time taken before the sign-in would put the expiry after the last check)
      const started = Date.now();
      // in use: at least one call, and more for as long as half the lifetime lasts
      do {
        expect((await fetch(`${t.base}/api/me`, { headers: { cookie } })).status).toBe(200);
        await new Promise((r) => setTimeout(r, 100));
      } while (Date.now() - started < maxMs / 2);
      await new Promise((r) => setTimeout(r, Math.max(0, started + maxMs + 300 - Date.now())));
      expect((await fetch(`${t.base}/api/me`, { headers: { cookie } })).status).toBe(401);
    } finally {
      await t.close();
    }
  });
});

describe('the rate limit', () => {
  afterEach(() => {
    delete process.env.ATLAS_RATE_LIMIT;
  });

  it('answers 429 with Retry-After past ATLAS_RATE_LIMIT requests a minute', async () => {
    process.env.ATLAS_RATE_LIMIT = '5';
    const t = await startTestServer();
    try {
      const statuses = [];
      for (let i = 0; i < 7; i++) statuses.push((await fetch(`${t.base}/api/health`)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const res = await fetch(`${t.base}/api/health`);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await res.json()).error).toMatchObject({ code: 'rate_limited', message_zh: expect.any(String) });
    } finally {
      await t.close();
    }
  });
});
