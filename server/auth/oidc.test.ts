// Single sign-on end to end: Atlas and a real OpenID provider (oidc-provider) on loopback ports, the code flow walked
// as a browser does it (redirects, the provider's own login and consent forms, cookies), then /api/me with the session.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { me as meSchema } from '../../contract/auth.ts';
import { CookieBrowser, type Page } from '../test-support/cookie-browser.ts';
import { listenTestProvider, type TestProvider } from '../test-support/oidc-provider.ts';
import { rawFetch } from '../test-support/raw-fetch.ts';
import { startTestServer, type TestServer } from '../test-support/server.ts';
import { CALLBACK_PATH, oidcSettings } from './oidc-config.ts';
import { safeReturnPath } from './oidc-routes.ts';

const SECRET = 'a client secret of the test provider';
const ROLE_MAP = { 'atlas-analysts': ['viewer', 'analyst'], 'atlas-stewards': 'steward', 'atlas-admins': 'admin' };

const env = (issuer: string, more: Record<string, string | undefined> = {}) => ({
  ATLAS_OIDC_ISSUER: issuer,
  ATLAS_OIDC_CLIENT_ID: 'atlas',
  ATLAS_OIDC_CLIENT_SECRET: SECRET,
  ATLAS_OIDC_SCOPES: 'openid profile atlas',
  ATLAS_OIDC_LABEL: 'Bureau ID',
  ATLAS_OIDC_ROLES_CLAIM: 'groups',
  ATLAS_OIDC_ROLE_MAP: JSON.stringify(ROLE_MAP),
  ATLAS_OIDC_SCOPE_CLAIM: 'regions',
  ...more,
});

let op: TestProvider;
let atlas: TestServer;
/** A second Atlas, registered at the provider as a public client (no secret: PKCE alone). */
let publicAtlas: TestServer;

beforeAll(async () => {
  op = await listenTestProvider();
  atlas = await startTestServer({ auth: 'required', oidc: oidcSettings(env(op.issuer)) });
  publicAtlas = await startTestServer({
    auth: 'required',
    oidc: oidcSettings(env(op.issuer, { ATLAS_OIDC_CLIENT_ID: 'atlas-public', ATLAS_OIDC_CLIENT_SECRET: undefined })),
  });
  op.configure([
    { client_id: 'atlas', client_secret: SECRET, redirect_uris: [`${atlas.base}${CALLBACK_PATH}`] },
    {
      client_id: 'atlas-public',
      token_endpoint_auth_method: 'none',
      redirect_uris: [`${publicAtlas.base}${CALLBACK_PATH}`],
    },
  ]);
  op.users.set('alice', { preferred_username: 'alice', groups: ['atlas-analysts', 'printers'], regions: ['510000'] });
  op.users.set('bob', { preferred_username: 'bob', groups: ['printers'], regions: ['510000'] });
  op.users.set('carol', { preferred_username: 'carol', groups: ['atlas-analysts'], regions: ['999999'] });
  op.users.set('dave', { preferred_username: 'dave', groups: ['atlas-admins'], regions: 'national' });
}, 60_000);

afterAll(async () => {
  await atlas?.close();
  await publicAtlas?.close();
  await op?.close();
});

const atProvider = (page: Page) => new URL(page.url).origin === op.issuer;

/**
 * Start at Atlas, sign in at the provider as `login` (its login form, then its consent form, when it shows them: a
 * browser with a session there goes straight through), and end where Atlas sends the browser.
 */
async function signIn(
  browser: CookieBrowser,
  login: string,
  opts: { base?: string; returnTo?: string; stopAt?: (url: URL) => boolean } = {},
): Promise<Page> {
  const base = opts.base ?? atlas.base;
  const start = `${base}/api/auth/oidc/start?return=${encodeURIComponent(opts.returnTo ?? '/rankings?level=cell')}`;
  let page = await browser.navigate(start, { stopAt: opts.stopAt });
  for (let form = 0; form < 3 && page.status !== 0 && atProvider(page); form++) {
    page = await browser.submit(
      page,
      /name="login"/.test(page.body) ? { login, password: 'whatever' } : {},
      opts.stopAt,
    );
  }
  return page;
}

async function me(browser: CookieBrowser, base = atlas.base) {
  const res = await rawFetch(`${base}/api/me`, { headers: { cookie: browser.cookieHeader(base) } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const isCallback = (url: URL) => url.pathname === CALLBACK_PATH;

describe('single sign-on with OpenID Connect, against a real provider', () => {
  it('tells the sign-in page that single sign-on is there, and its label', async () => {
    const res = await rawFetch(`${atlas.base}/api/auth/options`);
    expect(await res.json()).toEqual({ single_sign_on: { label: 'Bureau ID', start: '/api/auth/oidc/start' } });
  });

  it('starts with PKCE, a state and a nonce, keeping the state in a short-lived HttpOnly cookie', async () => {
    const res = await rawFetch(`${atlas.base}/api/auth/oidc/start?return=/map`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin).toBe(op.issuer);
    const q = Object.fromEntries(to.searchParams);
    expect(q).toMatchObject({
      client_id: 'atlas',
      response_type: 'code',
      scope: 'openid profile atlas',
      redirect_uri: `${atlas.base}${CALLBACK_PATH}`,
      code_challenge_method: 'S256',
    });
    expect(q.code_challenge).toMatch(/^[\w-]{43}$/);
    expect(q.state).toMatch(/^[\w-]{40,}$/);
    expect(q.nonce).toMatch(/^[\w-]{40,}$/);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('atlas_oidc_state='))!;
    expect(cookie).toContain(`atlas_oidc_state=${q.state};`);
    expect(cookie).toMatch(/; Max-Age=600;/);
    expect(cookie).toMatch(/; Path=\/api\/auth\/oidc\/callback;/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
  });

  it('signs in through the provider and opens a session with the roles and scope its claims map to', async () => {
    const browser = new CookieBrowser();
    const page = await signIn(browser, 'alice');
    // through the provider's login and consent pages, back to Atlas's callback, then to the page the user came from
    expect(page.chain.some((u) => u.startsWith(`${op.issuer}/interaction/`))).toBe(true);
    expect(page.chain.filter((u) => u.startsWith(`${atlas.base}${CALLBACK_PATH}?`))).toHaveLength(1);
    expect(page.url).toBe(`${atlas.base}/rankings?level=cell`);
    expect(browser.cookie(atlas.base, 'atlas_oidc_state')).toBeUndefined();

    const { status, body } = await me(browser);
    expect(status).toBe(200);
    expect(meSchema.parse(body)).toEqual({
      user: 'alice',
      roles: ['viewer', 'analyst'],
      scope: ['510000'],
      mode: 'accounts',
      via: 'session',
    });
    const account = (await atlas.atlas.auth.accounts.bySubject(op.issuer, 'alice'))!;
    expect(account).toMatchObject({ name: 'alice', password_hash: null, oidc_subject: 'alice', auth_version: 1 });
  });

  it('takes roles and scope from the claims at every sign-in, moving auth_version only when they changed', async () => {
    const browser = new CookieBrowser();
    await signIn(browser, 'alice');
    const first = browser.cookieHeader(atlas.base);
    const version = (await atlas.atlas.auth.accounts.bySubject(op.issuer, 'alice'))!.auth_version;

    // the same claims: nothing changes, and the first session stays valid (the provider's session skips its forms)
    const again = await signIn(browser, 'alice');
    expect(again.chain.some((u) => u.includes('/interaction/'))).toBe(false);
    expect((await atlas.atlas.auth.accounts.bySubject(op.issuer, 'alice'))!.auth_version).toBe(version);
    const stillValid = await rawFetch(`${atlas.base}/api/me`, { headers: { cookie: first } });
    expect(stillValid.status).toBe(200);

    op.users.set('alice', {
      preferred_username: 'alice',
      groups: ['atlas-analysts', 'atlas-stewards'],
      regions: 'national',
    });
    const changed = await signIn(browser, 'alice');
    expect(changed.url).toBe(`${atlas.base}/rankings?level=cell`);
    expect((await me(browser)).body).toMatchObject({
      user: 'alice',
      roles: ['viewer', 'analyst', 'steward'],
      scope: null,
    });
    expect((await atlas.atlas.auth.accounts.bySubject(op.issuer, 'alice'))!.auth_version).toBe(version + 1);
    // a change of roles ends the account's older sessions
    const ended = await rawFetch(`${atlas.base}/api/me`, { headers: { cookie: first } });
    expect(ended.status).toBe(401);

    op.users.set('alice', { preferred_username: 'alice', groups: ['atlas-analysts'], regions: ['510000', '440000'] });
    await signIn(browser, 'alice');
    expect((await me(browser)).body).toMatchObject({ roles: ['viewer', 'analyst'], scope: ['440000', '510000'] });
  });

  it('refuses an answer whose state is not the one this browser started with, and a used one', async () => {
    const browser = new CookieBrowser();
    const stopped = await signIn(browser, 'erin', { stopAt: isCallback });
    expect(stopped.status).toBe(0);
    const callback = new URL(stopped.url);
    expect(callback.searchParams.get('code')).toBeTruthy();

    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'x'.repeat(43));
    const refused = await browser.navigate(tampered.href);
    expect(refused.url).toBe(`${atlas.base}/signin?sso_error=oidc_state`);
    expect(browser.cookie(atlas.base, 'atlas_session')).toBeUndefined();

    // the refusal cleared this browser's state cookie: the genuine answer no longer matches either
    const afterTamper = await browser.navigate(callback.href);
    expect(afterTamper.url).toBe(`${atlas.base}/signin?sso_error=oidc_state&return=%2Frankings%3Flevel%3Dcell`);
    expect(browser.cookie(atlas.base, 'atlas_session')).toBeUndefined();
  });

  it('signs in with the genuine answer, and refuses the same answer a second time', async () => {
    const browser = new CookieBrowser();
    op.users.set('erin2', { groups: ['atlas-analysts'], regions: ['510000'] });
    const stopped = await signIn(browser, 'erin2', { stopAt: isCallback });
    const stateCookie = browser.cookieHeader(atlas.base);
    const ok = await browser.navigate(stopped.url);
    expect(ok.url).toBe(`${atlas.base}/rankings?level=cell`);
    expect((await me(browser)).status).toBe(200);

    // replayed, even with the state cookie it came with
    const replay = await rawFetch(stopped.url, { headers: { cookie: stateCookie }, redirect: 'manual' });
    expect(replay.headers.get('location')).toBe('/signin?sso_error=oidc_state');
    expect(replay.headers.getSetCookie().some((c) => c.startsWith('atlas_session='))).toBe(false);
  });

  it('refuses an answer brought to another browser (a sign-in forced on someone else)', async () => {
    const attacker = new CookieBrowser();
    op.users.set('mallory', { groups: ['atlas-admins'], regions: 'national' });
    const stopped = await signIn(attacker, 'mallory', { stopAt: isCallback });
    const victim = new CookieBrowser();
    const page = await victim.navigate(stopped.url);
    expect(page.url).toBe(`${atlas.base}/signin?sso_error=oidc_state&return=%2Frankings%3Flevel%3Dcell`);
    expect(victim.cookie(atlas.base, 'atlas_session')).toBeUndefined();
    expect(await atlas.atlas.auth.accounts.bySubject(op.issuer, 'mallory')).toBeUndefined();
  });

  it('refuses a user whose claims map to no role or no known region, and creates no account', async () => {
    const bob = new CookieBrowser();
    const page = await signIn(bob, 'bob');
    expect(page.url).toBe(`${atlas.base}/signin?sso_error=oidc_no_role&return=%2Frankings%3Flevel%3Dcell`);
    expect(bob.cookie(atlas.base, 'atlas_session')).toBeUndefined();
    expect((await me(bob)).status).toBe(401);
    expect(await atlas.atlas.auth.accounts.bySubject(op.issuer, 'bob')).toBeUndefined();

    const carol = new CookieBrowser();
    expect((await signIn(carol, 'carol', { returnTo: '/' })).url).toBe(`${atlas.base}/signin?sso_error=oidc_no_scope`);
    expect(await atlas.atlas.auth.accounts.bySubject(op.issuer, 'carol')).toBeUndefined();
  });

  it('sends the user back to a path of this site only', async () => {
    const browser = new CookieBrowser();
    const tries = [
      'https://evil.example/x',
      '//evil.example/x',
      '/\\evil.example/x',
      'javascript:alert(1)',
      '/api/auth/oidc/start?return=/x',
    ];
    for (const returnTo of tries) {
      const page = await signIn(browser, 'dave', { returnTo });
      expect(page.url, returnTo).toBe(`${atlas.base}/`);
    }
    expect((await signIn(browser, 'dave', { returnTo: '/compare?regions=510000,440000#chart' })).url).toBe(
      `${atlas.base}/compare?regions=510000,440000#chart`,
    );
    expect((await me(browser)).body).toMatchObject({ user: 'dave', roles: ['admin'], scope: null });
  });

  it('says when the user cancels at the provider', async () => {
    const browser = new CookieBrowser();
    const login = await browser.navigate(`${atlas.base}/api/auth/oidc/start?return=/map`);
    expect(login.url).toMatch(new RegExp(`^${op.issuer}/interaction/[\\w-]+$`));
    // the provider's own cancel: it answers the callback with error=access_denied and the state
    const page = await browser.navigate(`${login.url}/abort`);
    expect(page.chain.some((u) => u.includes(`${CALLBACK_PATH}?error=access_denied`))).toBe(true);
    expect(page.url).toBe(`${atlas.base}/signin?sso_error=oidc_denied&return=%2Fmap`);
  });

  it('refuses a disabled account', async () => {
    const browser = new CookieBrowser();
    op.users.set('frank', { groups: ['atlas-analysts'], regions: ['510000'] });
    await signIn(browser, 'frank');
    await atlas.atlas.auth.accounts.change('frank', { disabled: true });
    expect((await signIn(new CookieBrowser(), 'frank', { returnTo: '/' })).url).toBe(
      `${atlas.base}/signin?sso_error=account_disabled`,
    );
  });

  it('signs in a public client (no secret) with PKCE alone', async () => {
    const browser = new CookieBrowser();
    const page = await signIn(browser, 'alice', { base: publicAtlas.base, returnTo: '/map' });
    expect(page.url).toBe(`${publicAtlas.base}/map`);
    expect((await me(browser, publicAtlas.base)).body).toMatchObject({ user: 'alice', via: 'session' });
  });
});

describe('single sign-on when the provider is down', () => {
  let down: TestServer;
  beforeAll(async () => {
    // a port that was free a moment ago: nothing answers there
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    down = await startTestServer({ auth: 'required', oidc: oidcSettings(env(`http://127.0.0.1:${port}`)) });
  });
  afterAll(() => down?.close());

  it('sends the browser back to the sign-in page with a code it can show', async () => {
    const res = await rawFetch(`${down.base}/api/auth/oidc/start?return=/map`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/signin?sso_error=oidc_unavailable&return=%2Fmap');
  });
});

describe('safeReturnPath', () => {
  it('keeps a path of this site and refuses everything else', () => {
    expect(safeReturnPath('/rankings?level=cell#x')).toBe('/rankings?level=cell#x');
    expect(safeReturnPath('/a/../b')).toBe('/b');
    for (const bad of [
      undefined,
      '',
      'rankings',
      'https://evil.example',
      '//evil.example',
      '///evil.example',
      '/\\evil.example',
      '/%5Cevil', // stays a path of this site
      '\t//evil.example',
      '/\n/evil.example',
      'http:evil.example',
      '/api/me',
      '/api',
    ])
      expect(safeReturnPath(bad), String(bad)).toBe(bad === '/%5Cevil' ? '/%5Cevil' : '/');
  });
});
