/**
 * Single sign-on in Chromium through a real OpenID provider (oidc-provider, server/test-support/oidc-provider.ts): the
 * sign-in page's button, the provider's own login and consent pages, back to the page asked for with the roles and
 * scope the claims map to; and a refused sign-in, said in both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { CALLBACK_PATH, oidcSettings } from '../../server/auth/oidc-config.ts';
import { listenTestProvider, type TestProvider } from '../../server/test-support/oidc-provider.ts';
import { chineseText, launchBrowser, openPage, screenshot, seedSql, startAtlas, type Atlas } from './harness.ts';

const SECRET = 'a client secret of the test provider';

describe('single sign-on in Chromium', () => {
  let op: TestProvider;
  let atlas: Atlas;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let ctx: BrowserContext;

  // the provider listens first (Atlas needs its issuer), then learns Atlas's callback
  beforeAll(async () => {
    op = await listenTestProvider();
    atlas = await startAtlas({
      seed: seedSql,
      auth: 'required',
      oidc: oidcSettings({
        ATLAS_OIDC_ISSUER: op.issuer,
        ATLAS_OIDC_CLIENT_ID: 'atlas',
        ATLAS_OIDC_CLIENT_SECRET: SECRET,
        ATLAS_OIDC_SCOPES: 'openid profile atlas',
        ATLAS_OIDC_LABEL: 'Bureau ID',
        ATLAS_OIDC_ROLES_CLAIM: 'groups',
        ATLAS_OIDC_ROLE_MAP: JSON.stringify({ 'atlas-analysts': ['viewer', 'analyst'] }),
        ATLAS_OIDC_SCOPE_CLAIM: 'regions',
      }),
    });
    op.configure([{ client_id: 'atlas', client_secret: SECRET, redirect_uris: [`${atlas.base}${CALLBACK_PATH}`] }]);
    op.users.set('alice', { preferred_username: 'alice', groups: ['atlas-analysts'], regions: ['510000'] });
    op.users.set('bob', { preferred_username: 'bob', groups: ['printers'], regions: ['510000'] });
    browser = await launchBrowser();
    ctx = browser.ctx;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await atlas?.close();
    await op?.close();
  });

  /**
   * Console errors of Atlas's pages, but the 401 of the first /api/me of a signed-out visit (the provider's own pages
   * ask for web fonts this machine cannot reach).
   */
  const atlasErrors = (errors: string[]) =>
    errors.filter((e) => e.includes(`(${atlas.base}/`) && !(/status of 401/.test(e) && /\/api\/me\b/.test(e)));

  /** From the sign-in page through the provider's login and consent pages, as `login`, until back at Atlas. */
  async function throughProvider(page: Page, login: string) {
    await page.click('[data-testid=sso-button]');
    for (let form = 0; form < 3; form++) {
      await page.waitForURL((u) => u.origin === op.issuer || u.origin === atlas.base);
      if (new URL(page.url()).origin !== op.issuer) return;
      await page.waitForSelector('button[type=submit]');
      if (await page.locator('input[name=login]').count()) {
        await page.fill('input[name=login]', login);
        await page.fill('input[name=password]', 'any password');
      }
      const before = page.url();
      await Promise.all([page.waitForURL((u) => u.href !== before), page.click('button[type=submit]')]);
    }
  }

  it('signs in through the provider and comes back to the page asked for, with the roles and scope of its claims', async () => {
    await ctx.clearCookies();
    const asked = '/rankings?lang=en&level=cell';
    const { page, errors } = await openPage(ctx, `${atlas.base}${asked}`);
    const button = await page.waitForSelector('[data-testid=sso-button]');
    expect(await button.textContent()).toContain('Sign in with Bureau ID');
    expect(await chineseText(page)).toEqual([]);
    await screenshot(page, 'signin-sso-en');
    await page.click('[data-testid=lang-zh-CN]');
    expect(await button.textContent()).toContain('使用Bureau ID登录');
    await screenshot(page, 'signin-sso-zh-CN');
    await page.click('[data-testid=lang-en]');

    await throughProvider(page, 'alice');
    await page.waitForSelector('[data-testid=page-rankings]');
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(asked);
    expect(await page.textContent('[data-testid=account-user]')).toBe('alice');
    expect(await page.textContent('[data-testid=account-roles]')).toContain('viewer, analyst');
    expect(await page.textContent('[data-testid=account-scope]')).toContain('Sichuan');
    expect(await page.locator('[data-testid=nav-sql]').count()).toBe(1);
    expect(await page.locator('[data-testid=nav-data]').count()).toBe(0);
    expect(atlasErrors(errors)).toEqual([]);
    await page.close();
  });

  it('says why a sign-in through the provider was refused, in the language of the page asked for', async () => {
    await ctx.clearCookies();
    const { page, errors } = await openPage(ctx, `${atlas.base}/map?lang=en`);
    await page.waitForSelector('[data-testid=sso-button]');
    await throughProvider(page, 'bob');
    const problem = await page.waitForSelector('[data-testid=sso-error]');
    const at = new URL(page.url());
    expect(at.pathname).toBe('/signin');
    expect(at.searchParams.get('sso_error')).toBe('oidc_no_role');
    expect(await problem.textContent()).toBe('Your account has no role in Atlas. Ask an administrator for access.');
    expect(await chineseText(page)).toEqual([]);
    await screenshot(page, 'signin-sso-refused-en');
    await page.click('[data-testid=lang-zh-CN]');
    expect(await page.textContent('[data-testid=sso-error]')).toBe(
      '你的账户在 Atlas 中没有任何角色，请联系管理员开通。',
    );
    expect(await page.evaluate(() => fetch('/api/me').then((r) => r.status))).toBe(401);
    expect(atlasErrors(errors)).toEqual([]);
    await page.close();
  });
});
