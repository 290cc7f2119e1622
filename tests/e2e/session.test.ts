/**
 * Sessions in Chromium: an idle session that ends while the page is open (the next call answers 401 and the sign-in
 * page says why, then comes back to the page), an account locked after repeated wrong passwords (with the minutes to
 * wait), and local mode (no sign-in, a badge in the top bar) until the first account is created. In Chinese and English.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addAccount, chineseText, openPage, overflows, screenshot, seedSql, waitForData } from './harness.ts';
import { useAtlasBrowser } from './suite.ts';

const PASSWORD = 'a password long enough';
/** Idle minutes before a session ends: long enough to sign in and load a page on a busy machine, short to wait out. */
const IDLE_MINUTES = 0.15;

async function fillSignIn(page: Page, name: string, password = PASSWORD) {
  await page.fill('[data-testid=signin-name]', name);
  await page.fill('[data-testid=signin-password]', password);
  await page.click('[data-testid=signin-submit]');
}

describe('session expiry and sign-in lockout in Chromium', () => {
  const env = useAtlasBrowser({
    auth: 'required',
    seed: seedSql,
    env: { ATLAS_SESSION_IDLE_MINUTES: String(IDLE_MINUTES), ATLAS_SIGNIN_MAX_FAILURES: '3' },
  });

  beforeAll(async () => {
    await addAccount(env.atlas, { name: 'ida', roles: ['viewer'], password: PASSWORD });
    await addAccount(env.atlas, { name: 'lou', roles: ['viewer'], password: PASSWORD });
  });

  for (const lang of ['en', 'zh-CN'] as const) {
    const q = lang === 'en' ? '?lang=en' : '';
    it(`ends a session left idle, says so at the next call, and comes back to the page (${lang})`, async () => {
      await env.ctx.clearCookies();
      const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/map${q}`);
      await fillSignIn(page, 'ida');
      await page.waitForSelector('[data-testid=page-map]');
      await waitForData(page);
      await page.waitForTimeout(IDLE_MINUTES * 60_000 + 2_000);

      await page.click('[data-testid=nav-heatmap]');
      const notice = await page.waitForSelector('[data-testid=signin-notice]');
      expect(await notice.textContent()).toContain(lang === 'en' ? 'Your session ended' : '你的会话已结束');
      expect(new URL(page.url()).searchParams.get('return')).toBe(`/heatmap${q}`);
      if (lang === 'en') expect(await chineseText(page)).toEqual([]);
      expect(await overflows(page)).toEqual([]);
      await screenshot(page, `signin-expired-${lang}`);

      await fillSignIn(page, 'ida');
      await page.waitForSelector('[data-testid=page-heatmap]');
      await waitForData(page);
      expect(new URL(page.url()).pathname).toBe('/heatmap');
      // the refused calls of the ended session are the only console errors
      expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
      await page.close();
    });
  }

  it('locks an account after repeated wrong passwords and says for how many minutes (en, zh)', async () => {
    await env.ctx.clearCookies();
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/signin?lang=en`);
    for (let i = 0; i < 3; i++) {
      await fillSignIn(page, 'lou', `wrong password number ${i}`);
      await page.waitForSelector('[data-testid=signin-error] >> text=wrong');
      await page.waitForSelector('[data-testid=signin-submit]:not([disabled])');
    }
    // the right password now: the account is locked for the rest of the 15-minute window
    await fillSignIn(page, 'lou');
    const error = await page.waitForSelector('[data-testid=signin-error] >> text=locked');
    expect(await error.textContent()).toMatch(/this account is locked\. Try again in 1[45] minutes/);
    expect(new URL(page.url()).pathname).toBe('/signin');
    await screenshot(page, 'signin-locked-en');
    await page.click('[data-testid=lang-zh-CN]');
    expect(await page.textContent('[data-testid=signin-error]')).toMatch(/已锁定。请 1[45] 分钟后再试/);
    await screenshot(page, 'signin-locked-zh-CN');
    expect(errors.filter((e) => !/status of (401|429)/.test(e))).toEqual([]);
    await page.close();
  });
});

describe('local mode in Chromium', () => {
  const env = useAtlasBrowser({ seed: seedSql });

  for (const lang of ['en', 'zh-CN'] as const) {
    const q = lang === 'en' ? '?lang=en' : '';
    it(`shows the local mode badge and every page, and no sign-in (${lang})`, async () => {
      const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/signin${q}`);
      // nobody signs in in local mode: the sign-in page moves on
      await page.waitForSelector('[data-testid=page-overview]');
      expect(new URL(page.url()).pathname).toBe('/');
      const badge = await page.waitForSelector('[data-testid=local-mode]');
      expect(await badge.textContent()).toBe(lang === 'en' ? 'Local mode' : '本地模式');
      expect(await badge.getAttribute('title')).toContain(lang === 'en' ? 'no sign-in' : '无需登录');
      expect(await page.locator('[data-testid=sign-out]').count()).toBe(0);
      for (const id of ['data', 'sql', 'accounts', 'tokens', 'audit'])
        expect(await page.locator(`[data-testid=nav-${id}]`).count(), id).toBe(1);
      await waitForData(page);
      await screenshot(page, `local-mode-${lang}`);
      await page.goto(`${env.atlas.base}/tokens${q}`);
      await page.waitForSelector('[data-testid=tokens-local-note]');
      if (lang === 'en') expect(await chineseText(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('ends local mode when the first account is created, and asks everyone to sign in', async () => {
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/accounts?lang=en`);
    await page.waitForSelector('[data-testid=accounts-local-note]');
    await page.fill('[data-testid=create-name]', 'first.admin');
    await page.fill('[data-testid=create-password]', PASSWORD);
    await page.check('[data-testid=create-role-admin]');
    await page.click('[data-testid=create-submit]');
    const notice = await page.waitForSelector('[data-testid=signin-notice]');
    expect(await notice.textContent()).toContain('Local mode has ended');
    expect(new URL(page.url()).searchParams.get('return')).toBe('/accounts?lang=en');
    await fillSignIn(page, 'first.admin');
    await page.waitForSelector('[data-testid=table-accounts] >> text=first.admin');
    expect(await page.textContent('[data-testid=account-user]')).toBe('first.admin');
    expect(await page.locator('[data-testid=local-mode]').count()).toBe(0);
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await page.close();
  });
});
