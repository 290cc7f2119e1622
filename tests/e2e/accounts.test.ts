/**
 * Accounts in Chromium, with sign-in required (ATLAS_AUTH=required) over the sample data: signing in and coming back to
 * the page asked for, a wrong password, signing out, the pages and buttons each role sees, the admin pages (accounts,
 * tokens, audit log), and what a regional scope withholds (a candidate's evidence, another region's rejected rows,
 * saved queries of others), in Chinese and English, with screenshots of the new pages at 1440 and 1024 px.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Candidates } from '../../contract/indicators.ts';
import { addAccount, chineseText, openPage, overflows, screenshot, tokenFor, waitForData } from './harness.ts';
import { useAtlasBrowser } from './suite.ts';

const PASSWORD = 'a password long enough';
const ALL_PAGES = ['overview', 'map', 'heatmap', 'rankings', 'compare', 'candidates', 'models', 'brief'];

/** Who signs in, and the navigation each must see (every account also manages its own API tokens). */
const PEOPLE = {
  vic: { roles: ['viewer'], scope: null, nav: [...ALL_PAGES, 'tokens'], forbidden: '/sql' },
  ana: { roles: ['viewer', 'analyst'], scope: ['110000'], nav: [...ALL_PAGES, 'sql', 'tokens'], forbidden: '/data' },
  stu: { roles: ['viewer', 'steward'], scope: ['510000'], nav: [...ALL_PAGES, 'data', 'tokens'], forbidden: '/audit' },
  ada: {
    roles: ['admin'],
    scope: null,
    nav: [...ALL_PAGES, 'data', 'sql', 'accounts', 'tokens', 'audit'],
    forbidden: null,
  },
} as const;
const NAV = [...ALL_PAGES, 'data', 'sql', 'accounts', 'tokens', 'audit'];

/**
 * Console errors but the expected ones: Chromium logs every 4xx answer, and a signed-out visit asks /api/me (401)
 * before it shows the sign-in page, as a refused sign-in answers 401 or 429.
 */
const unexpected = (errors: string[]) =>
  errors.filter((e) => !/status of 40[13]|status of 429/.test(e) || !/\/api\/(me|auth\/signin)\b/.test(e));

describe('accounts, roles and scope in Chromium', () => {
  // The sign-in throttle slows every address after 3 failures within its window; a 3 s window keeps this suite's few
  // deliberate failures from slowing the sign-ins of the tests after them (session.test.ts tests the lock itself).
  const env = useAtlasBrowser({ auth: 'required', env: { ATLAS_SIGNIN_LOCK_MINUTES: '0.05' } });
  const base = () => env.atlas.base;

  beforeAll(async () => {
    for (const [name, p] of Object.entries(PEOPLE))
      await addAccount(env.atlas, {
        name,
        roles: [...p.roles],
        scope: p.scope ? [...p.scope] : null,
        password: PASSWORD,
      });
    await addAccount(env.atlas, { name: 'sam', roles: ['steward'], scope: ['110000'], password: PASSWORD });
    await addAccount(env.atlas, { name: 'al', roles: ['analyst'], scope: null, password: PASSWORD });
  });

  async function fillSignIn(page: Page, name: string, password = PASSWORD) {
    await page.fill('[data-testid=signin-name]', name);
    await page.fill('[data-testid=signin-password]', password);
    await page.click('[data-testid=signin-submit]');
  }

  /** A fresh tab signed in as `name` (nobody else's cookie left), on `path`. */
  async function as(name: string, path: string) {
    await env.ctx.clearCookies();
    const opened = await openPage(env.ctx, `${base()}${path}`);
    await opened.page.waitForSelector('[data-testid=page-signin]');
    await fillSignIn(opened.page, name);
    await opened.page.waitForSelector('[data-testid=account-user]');
    return opened;
  }

  async function navShown(page: Page): Promise<string[]> {
    const ids = await page
      .locator('nav.side a[data-testid^=nav-]')
      .evaluateAll((as) => as.map((a) => a.getAttribute('data-testid')!.slice(4)));
    return NAV.filter((n) => ids.includes(n));
  }

  async function shoot(page: Page, name: string) {
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: width === 1440 ? 900 : 768 });
      await page.waitForTimeout(200);
      expect(await overflows(page), `${name} at ${width} px`).toEqual([]);
      await screenshot(page, `${name}-${width}`);
    }
    await page.setViewportSize({ width: 1400, height: 900 });
  }

  for (const lang of ['en', 'zh-CN'] as const) {
    const q = lang === 'en' ? '?lang=en' : '';
    it(`sends a visitor to the sign-in page and back to the page asked for (${lang})`, async () => {
      await env.ctx.clearCookies();
      // as the app writes it: shared parameters (lang) first
      const asked = `/rankings?${lang === 'en' ? 'lang=en&' : ''}level=cell`;
      const { page, errors } = await openPage(env.ctx, `${base()}${asked}`);
      await page.waitForSelector('[data-testid=signin-form]');
      const at = new URL(page.url());
      expect(at.pathname).toBe('/signin');
      expect(at.searchParams.get('return')).toBe(asked);
      expect(await page.locator('nav.side').count()).toBe(0);
      expect(await page.textContent('h1')).toBe(lang === 'en' ? 'Sign in' : '登录');
      if (lang === 'en') expect(await chineseText(page)).toEqual([]);
      await shoot(page, `signin-${lang}`);

      await fillSignIn(page, 'vic');
      await page.waitForSelector('[data-testid=page-rankings]');
      expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(asked);
      expect(await page.textContent('[data-testid=account-user]')).toBe('vic');
      expect(await page.textContent('[data-testid=account-roles]')).toContain(lang === 'en' ? 'viewer' : '查看者');
      expect(await page.textContent('[data-testid=account-scope]')).toContain(lang === 'en' ? 'national' : '全国');
      expect(await page.locator('[data-testid=local-mode]').count()).toBe(0);
      if (lang === 'en') expect(await chineseText(page)).toEqual([]);
      expect(unexpected(errors)).toEqual([]);
      await page.close();
    });

    it(`says a password is wrong, and signs in with the right one (${lang})`, async () => {
      await env.ctx.clearCookies();
      const { page, errors } = await openPage(env.ctx, `${base()}/signin${q}`);
      await fillSignIn(page, 'vic', 'not the password at all');
      const error = await page.waitForSelector('[data-testid=signin-error]');
      expect(await error.textContent()).toContain(
        lang === 'en' ? 'name or the password is wrong' : '账户名或密码不正确',
      );
      expect(await page.inputValue('[data-testid=signin-password]')).toBe('');
      await shoot(page, `signin-wrong-${lang}`);
      await fillSignIn(page, 'vic');
      await page.waitForSelector('[data-testid=page-overview]');
      expect(unexpected(errors)).toEqual([]);
      await page.close();
    });

    it(`signs out, and then every page asks to sign in again (${lang})`, async () => {
      const { page, errors } = await as('ana', `/map${q}`);
      await page.click('[data-testid=sign-out]');
      await page.waitForSelector('[data-testid=signin-notice]');
      expect(await page.textContent('[data-testid=signin-notice]')).toContain(
        lang === 'en' ? 'You have signed out' : '你已退出登录',
      );
      expect(new URL(page.url()).searchParams.get('return')).toBeNull();
      expect(await page.evaluate(() => fetch('/api/me').then((r) => r.status))).toBe(401);
      await page.goto(`${base()}/compare${q}`);
      await page.waitForSelector('[data-testid=signin-form]');
      expect(new URL(page.url()).searchParams.get('return')).toBe(`/compare${q}`);
      expect(unexpected(errors)).toEqual([]);
      await page.close();
    });

    for (const [name, p] of Object.entries(PEOPLE)) {
      it(`shows ${name} (${p.roles.join(', ')}) only the pages of their roles, and says so at a link to another (${lang})`, async () => {
        const { page, errors } = await as(name, `/${q}`);
        await page.waitForSelector('[data-testid=page-overview]');
        expect(await navShown(page)).toEqual(p.nav);
        if (lang === 'zh-CN') expect(await page.textContent('[data-testid=nav-overview]')).toBe('总览');
        else expect(await chineseText(page)).toEqual([]);
        if (p.forbidden) {
          await page.goto(`${base()}${p.forbidden}${q}`);
          const box = await page.waitForSelector('[data-testid=page-forbidden]');
          const needs = {
            '/sql': ['analyst', '分析师'],
            '/data': ['steward', '数据管理员'],
            '/audit': ['admin', '系统管理员'],
          }[p.forbidden]!;
          expect(await box.textContent()).toContain(lang === 'en' ? needs[0] : needs[1]);
          expect(await box.textContent()).toContain(name);
          if (name === 'vic') await shoot(page, `forbidden-${lang}`);
        }
        // nothing the role cannot use was asked of the server (a refusal would be a console error)
        expect(unexpected(errors)).toEqual([]);
        await page.close();
      });
    }
  }

  it('lets an administrator create an account, change its roles and scope, reset its password and disable it', async () => {
    const { page, errors } = await as('ada', '/accounts?lang=en');
    await page.waitForSelector('[data-testid=table-accounts]');
    for (const name of ['ada', 'vic', 'ana', 'stu', 'sam', 'al'])
      expect(await page.locator(`[data-testid=account-${name}]`).count(), name).toBe(1);

    // a form that says what is wrong before it is sent
    await page.fill('[data-testid=create-name]', 'new.user');
    await page.fill('[data-testid=create-password]', 'short');
    await page.click('[data-testid=create-submit]');
    expect(await page.textContent('[data-testid=create-problems]')).toContain('at least 12 characters');

    await page.fill('[data-testid=create-password]', 'first password of new.user');
    await page.check('[data-testid=create-role-analyst]');
    await page.check('[data-testid=create-scope-regions]');
    await page.click('[data-testid=create-regions] summary');
    await page.check('[data-testid=create-regions] input[value="510000"]');
    await page.click('[data-testid=create-name]');
    await page.click('[data-testid=create-submit]');
    await page.waitForSelector('[data-testid=accounts-notice]');
    const row = page.locator('[data-testid="account-new.user"]');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/viewer, analyst.*Sichuan/);

    await page.click('[data-testid="edit-new.user"]');
    await page.waitForSelector('[data-testid=account-edit]');
    expect(new URL(page.url()).searchParams.get('account')).toBe('new.user');
    await page.check('[data-testid=edit-role-steward]');
    await page.check('[data-testid=edit-scope-national]');
    await page.fill('[data-testid=edit-password]', 'second password of new.user');
    await page.click('[data-testid=edit-submit]');
    await page.waitForSelector('[data-testid=accounts-notice] >> text=saved');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="account-new.user"]')?.textContent?.includes('steward'),
    );
    const listed = await page.evaluate(() =>
      fetch('/api/admin/accounts', { headers: { Accept: 'application/json' } }).then((r) => r.json()),
    );
    expect(listed.accounts.find((a: { name: string }) => a.name === 'new.user')).toMatchObject({
      roles: ['viewer', 'analyst', 'steward'],
      scope: null,
      disabled: false,
    });
    // an administrator cannot lock themselves out here
    await page.click('[data-testid=edit-ada]');
    expect(await page.isDisabled('[data-testid=edit-disabled]')).toBe(true);
    expect(await page.isDisabled('[data-testid=edit-role-admin]')).toBe(true);
    await shoot(page, 'accounts-en');
    await page.goto(`${base()}/accounts?account=new.user`);
    await page.waitForSelector('[data-testid=account-edit]');
    expect(await page.textContent('h1')).toBe('账户');
    await shoot(page, 'accounts-zh-CN');

    // the new password works; once disabled, the account cannot sign in
    await env.ctx.clearCookies();
    const other = await openPage(env.ctx, `${base()}/signin?lang=en`);
    await fillSignIn(other.page, 'new.user', 'second password of new.user');
    await other.page.waitForSelector('[data-testid=account-user] >> text=new.user');
    expect(await navShown(other.page)).toContain('data');
    await other.page.close();

    await env.ctx.clearCookies();
    await page.goto(`${base()}/signin?lang=en`);
    await fillSignIn(page, 'ada');
    await page.waitForSelector('[data-testid=account-user]');
    await page.goto(`${base()}/accounts?lang=en&account=new.user`);
    await page.waitForSelector('[data-testid=account-edit]');
    await page.check('[data-testid=edit-disabled]');
    await page.click('[data-testid=edit-submit]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="account-new.user"]')?.textContent?.includes('disabled'),
    );
    await env.ctx.clearCookies();
    await page.goto(`${base()}/signin?lang=en`);
    await fillSignIn(page, 'new.user', 'second password of new.user');
    expect(await (await page.waitForSelector('[data-testid=signin-error]')).textContent()).toContain(
      'or the account is disabled',
    );
    expect(unexpected([...errors, ...other.errors])).toEqual([]);
    await page.close();
  });

  it('creates an API token shown once with a copy button, which works until it is revoked; admins see all', async () => {
    await env.ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base() });
    const { page, errors } = await as('ana', '/tokens?lang=en');
    await page.waitForSelector('[data-testid=tokens-none]');
    expect(await page.locator('[data-testid=table-all-tokens]').count()).toBe(0);
    await page.fill('[data-testid=token-name]', 'nightly export');
    await page.selectOption('[data-testid=token-days]', '30');
    await page.click('[data-testid=token-submit]');
    const secret = await (await page.waitForSelector('[data-testid=token-secret]')).inputValue();
    expect(secret).toMatch(/^atl_[\w-]{40,}$/);
    await page.click('[data-testid=token-copy]');
    await page.waitForSelector('[data-testid=token-copy] >> text=Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await page.waitForSelector('[data-testid=table-my-tokens] [data-testid=token-status] >> text=active');
    await shoot(page, 'tokens-created-en');

    const me = (token: string) =>
      fetch(`${base()}/api/me`, { headers: { Authorization: `Bearer ${token}` } }).then(async (r) => ({
        status: r.status,
        body: r.ok ? await r.json() : null,
      }));
    expect(await me(secret)).toMatchObject({ status: 200, body: { user: 'ana', via: 'token', scope: ['110000'] } });

    // shown once: a reload lists the token, not its secret
    await page.reload();
    await page.waitForSelector('[data-testid=table-my-tokens]');
    expect(await page.locator('[data-testid=token-secret]').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    await page.click('[data-testid=table-my-tokens] [data-testid=revoke]');
    await page.click('[data-testid=table-my-tokens] [data-testid=revoke-yes]');
    await page.waitForSelector('[data-testid=table-my-tokens] [data-testid=token-status] >> text=revoked');
    expect((await me(secret)).status).toBe(401);

    const admin = await as('ada', '/tokens?lang=en');
    await admin.page.waitForSelector('[data-testid=table-all-tokens]');
    expect(await admin.page.textContent('[data-testid=table-all-tokens]')).toContain('nightly export');
    await admin.page.fill('[data-testid=token-name]', 'audit backup');
    await admin.page.click('[data-testid=token-submit]');
    await admin.page.waitForSelector('[data-testid=token-created]');
    await shoot(admin.page, 'tokens-en');
    await admin.page.click('[data-testid=token-done]');
    await admin.page.goto(`${base()}/tokens`);
    await admin.page.waitForSelector('[data-testid=table-all-tokens]');
    await shoot(admin.page, 'tokens-zh-CN');
    expect(unexpected([...errors, ...admin.errors])).toEqual([]);
    await page.close();
    await admin.page.close();
  });

  it('lists, filters, pages and exports the audit log for an administrator', async () => {
    // 60 statements of an analyst's script: more entries than one page
    const token = await tokenFor(env.atlas, 'al');
    for (let i = 0; i < 60; i++) {
      const res = await fetch(`${base()}/api/sql`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ sql: `SELECT ${i} AS n` }),
      });
      expect(res.status).toBe(200);
    }
    const { page, errors } = await as('ada', '/audit?lang=en&user=al&action=sql');
    await page.waitForSelector('[data-testid=table-audit]');
    await waitForData(page);
    expect(await page.textContent('[data-testid=audit-total]')).toMatch(/^60 matching entries/);
    const seqs = async () =>
      (await page.locator('[data-testid=table-audit] tbody tr td:first-child').allTextContents()).map(Number);
    const first = await seqs();
    expect(first).toHaveLength(50);
    expect([...first].sort((a, b) => b - a)).toEqual(first);
    await page.click('[data-testid=audit-older]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=table-audit] tbody tr').length === 10);
    expect(Math.max(...(await seqs()))).toBeLessThan(Math.min(...first));
    expect(new URL(page.url()).searchParams.get('before')).toBe(String(Math.min(...first)));

    // the wrong passwords given for vic earlier in this suite
    await page.goto(`${base()}/audit?lang=en&user=vic&action=sign_in&outcome=refused`);
    await page.waitForSelector('[data-testid=table-audit]');
    const outcomes = await page.locator('[data-testid=audit-outcome-cell]').allTextContents();
    expect(outcomes.length).toBeGreaterThanOrEqual(2);
    expect(new Set(outcomes)).toEqual(new Set(['refused']));
    const href = await page.getAttribute('[data-testid=audit-csv]', 'href');
    const csv = await page.request.get(`${base()}${href}`);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines[0].replace(/^\uFEFF/, '')).toMatch(/^seq,at,actor,address,action,target,outcome,detail/);
    expect(lines).toHaveLength(outcomes.length + 1);

    // the filters from the form: one outcome chosen in the select
    await page.goto(`${base()}/audit?lang=en`);
    await page.waitForSelector('[data-testid=table-audit]');
    await page.selectOption('[data-testid=audit-outcome]', 'refused');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('outcome') === 'refused');
    await page.waitForSelector('[data-testid=table-audit]');
    await shoot(page, 'audit-en');
    await page.goto(`${base()}/audit`);
    await page.waitForSelector('[data-testid=table-audit]');
    await shoot(page, 'audit-zh-CN');
    expect(await page.textContent('h1')).toBe('审计日志');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('withholds a candidate’s evidence outside the reader’s regions, and says why (zh, en)', async () => {
    const admin = await as('ada', '/?lang=en');
    const list = (await admin.page.evaluate(() =>
      fetch('/api/candidates?limit=40', { headers: { Accept: 'application/json' } }).then((r) => r.json()),
    )) as Candidates;
    await admin.page.close();
    const inside = list.candidates.find((c) => c.evidence.top_resources.length > 0)!;
    const outside = list.candidates.find((c) => c.region_code !== inside.region_code)!;
    await addAccount(env.atlas, {
      name: 'lead',
      roles: ['viewer'],
      scope: [inside.region_code],
      password: PASSWORD,
    });
    for (const lang of ['en', 'zh-CN'] as const) {
      const q = lang === 'en' ? '&lang=en' : '';
      const { page, errors } = await as('lead', `/candidates?cell=${encodeURIComponent(outside.entity)}${q}`);
      const note = await page.waitForSelector('[data-testid=evidence-withheld]');
      expect(await note.textContent()).toContain(lang === 'en' ? 'outside your regional scope' : '地区范围');
      expect(await page.locator('[data-testid=table-resources]').count()).toBe(0);
      await waitForData(page);
      await screenshot(page, `candidates-withheld-${lang}`);
      if (lang === 'en') expect(await chineseText(page)).toEqual([]);
      await page.goto(`${base()}/candidates?cell=${encodeURIComponent(inside.entity)}${q}`);
      await page.waitForSelector('[data-testid=table-resources]');
      expect(await page.locator('[data-testid=evidence-withheld]').count()).toBe(0);
      expect(unexpected(errors)).toEqual([]);
      await page.close();
    }
  });

  it('lets a steward upload, and shows another region’s rejected rows only as counts with the reason (zh, en)', async () => {
    const USAGE =
      'usage_id,period_month,product_id,provider_region_code,user_org_id,user_type,user_region_code,use_purpose,calls,amount_cny\n' +
      'S1,not-a-month,NO-SUCH-PRODUCT,510000,U1,BANK,510000,INDUSTRY_DEVELOPMENT,10,5\n' +
      'S2,2025-01,NO-SUCH-PRODUCT,110000,U1,BANK,110000,INDUSTRY_DEVELOPMENT,10,5\n';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-upload-'));
    const file = path.join(dir, 'sichuan-usage.csv');
    fs.writeFileSync(file, USAGE);
    const steward = await as('stu', '/data?lang=en');
    await steward.page.selectOption('[data-testid=upload-kind]', 'usage');
    await steward.page.setInputFiles('[data-testid=upload-file]', file);
    await steward.page.click('[data-testid=upload-start]');
    await steward.page.waitForSelector('[data-testid=report-counts]', { timeout: 30_000 });
    fs.rmSync(dir, { recursive: true, force: true });
    const batches = (await steward.page.evaluate(() =>
      fetch('/api/ingest/batches', { headers: { Accept: 'application/json' } }).then((r) => r.json()),
    )) as { batches: { batch_id: number; file_name: string }[] };
    const id = batches.batches.find((b) => b.file_name === 'sichuan-usage.csv')!.batch_id;
    // the loader's own batch: its rejected rows, among them the row of a region outside their scope
    await steward.page.click(`[data-testid=table-batches] tbody tr:has-text("sichuan-usage.csv")`);
    await steward.page.waitForSelector('[data-testid=table-batch-rejects] tbody tr');
    expect(new URL(steward.page.url()).searchParams.get('batch')).toBe(String(id));
    expect(await steward.page.textContent('[data-testid=table-batch-rejects]')).toContain('110000');
    await shoot(steward.page, 'data-batch-en');
    expect(unexpected(steward.errors)).toEqual([]);
    await steward.page.close();

    for (const lang of ['en', 'zh-CN'] as const) {
      const { page, errors } = await as('sam', `/data?batch=${id}${lang === 'en' ? '&lang=en' : ''}`);
      const note = await page.waitForSelector('[data-testid=rejects-withheld]');
      expect(await note.textContent()).toContain(lang === 'en' ? 'outside your scope' : '地区范围');
      expect(await page.textContent('[data-testid=batch-reasons]')).toBeTruthy();
      expect(await page.locator('[data-testid=table-batch-rejects]').count()).toBe(0);
      // the English reasons quote the Chinese input forms they accept, "(use 2025-03 or 2025年3月)": those stay
      if (lang === 'en')
        expect((await chineseText(page)).filter((x) => !/\(use [^)]*\p{Script=Han}[^)]*\)/u.test(x))).toEqual([]);
      await shoot(page, `data-withheld-${lang}`);
      expect(unexpected(errors)).toEqual([]);
      await page.close();
    }
  });

  it('shares a saved query with analysts, who may open it but not change or delete it', async () => {
    const author = await as('ana', '/sql?lang=en&q=SELECT%2042%20AS%20answer');
    await author.page.click('[data-testid=save]');
    await author.page.fill('[data-testid=save-title]', 'Shared answer');
    await author.page.check('[data-testid=share-role-analyst]');
    await author.page.click('[data-testid=save-submit]');
    await author.page.waitForSelector('[data-testid=my-queries] >> text=Shared answer');
    expect(
      await author.page
        .locator('[data-testid=my-queries] li:has-text("Shared answer") [data-testid=saved-delete]')
        .count(),
    ).toBe(1);
    await author.page.close();

    const reader = await as('al', '/sql?lang=en');
    await reader.page.click('[data-testid=tab-saved]');
    const item = reader.page.locator('[data-testid=my-queries] li:has-text("Shared answer")');
    await item.waitFor();
    expect(await item.locator('[data-testid=saved-owner]').textContent()).toContain('shared by ana');
    expect(await item.locator('[data-testid=saved-delete]').count()).toBe(0);
    await item.locator('button.link').click();
    await reader.page.click('[data-testid=save]');
    expect(await reader.page.textContent('[data-testid=save-submit]')).toContain('Save as new');
    expect(await reader.page.textContent('[data-testid=save-not-yours]')).toContain('Belongs to ana');
    expect(unexpected(reader.errors)).toEqual([]);
    await reader.page.close();
  });
});
