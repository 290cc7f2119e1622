/**
 * Browser-test harness shared by every e2e suite: a real server on a temporary database with sample data, Debian's
 * Chromium through playwright-core, and helpers (console errors, painted pixels, screenshots, visible text).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Role } from '../../contract/auth.ts';
import { loadSampleData } from '../../server/api/sample-bootstrap.ts';
import type { OidcSettings } from '../../server/auth/oidc-config.ts';
import { AtlasDb } from '../../server/db/database.ts';
import { createLogger } from '../../server/log.ts';
import { DIST_DIR, ROOT } from '../../server/db/paths.ts';
import { startTestServer, type TestServer } from '../../server/test-support/server.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(ROOT, 'tests', 'e2e', 'screenshots');

export interface Atlas {
  base: string;
  db: AtlasDb;
  server: TestServer;
  close(): Promise<void>;
}

export interface AtlasOptions {
  seed?: (db: AtlasDb) => Promise<void>;
  /** ATLAS_AUTH: 'required' makes everyone sign in; default auto (local mode: loopback and no account). */
  auth?: 'auto' | 'required';
  /** Single sign-on (oidcSettings(...) against a provider the suite started); default off. */
  oidc?: OidcSettings | null;
  /**
   * Variables the server reads when it starts (ATLAS_SESSION_IDLE_MINUTES, ATLAS_SIGNIN_MAX_FAILURES, …), set while it
   * starts and restored afterwards, so they reach this server only.
   */
  env?: Record<string, string>;
}

/**
 * The built app (dist/) served over a fresh database file in a temporary folder, filled by `seed`. Default: the product's
 * sample data (scale 1, default seed, generated and ingested like `npm start` does on first start); with
 * ATLAS_E2E_DATA=seed, the small SQL seed (tests/e2e/seed.sql) for quick runs.
 */
export async function startAtlas(opts: AtlasOptions = {}): Promise<Atlas> {
  if (!fs.existsSync(path.join(DIST_DIR, 'index.html')))
    throw new Error(`${DIST_DIR}/index.html is missing: build the app first (npm run build; npm run test:e2e does)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-e2e-'));
  const db = await AtlasDb.open({ path: path.join(dir, 'atlas.duckdb'), threads: 2 });
  await (opts.seed ?? (process.env.ATLAS_E2E_DATA === 'seed' ? seedSql : sampleData))(db);
  const server = await withEnv(opts.env ?? {}, () =>
    startTestServer({ db, staticDir: DIST_DIR, auth: opts.auth, oidc: opts.oidc }),
  );
  return {
    base: server.base,
    db,
    server,
    close: async () => {
      await server.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** An account on the server, as `atlas users add` makes one (the first one ends local mode). */
export async function addAccount(
  atlas: Atlas,
  a: { name: string; roles: Role[]; scope?: string[] | null; password: string },
): Promise<void> {
  await atlas.server.atlas.auth.accounts.add(a);
}

/** An API token of an account, as `atlas tokens create` makes one. */
export async function tokenFor(atlas: Atlas, name: string): Promise<string> {
  const auth = atlas.server.atlas.auth;
  const account = await auth.accounts.byName(name);
  if (!account) throw new Error(`tokenFor: there is no account ${name}`);
  return (await auth.sessions.createToken(account, 'e2e')).token;
}

export async function sampleData(db: AtlasDb): Promise<void> {
  await loadSampleData(db, createLogger('e2e'));
}

/** 24 months over 30 provinces (Tibet left empty) and 12 sectors, written with SQL: seconds instead of the sample's build. */
export async function seedSql(db: AtlasDb): Promise<void> {
  const sql = fs.readFileSync(path.join(ROOT, 'tests', 'e2e', 'seed.sql'), 'utf8');
  await db.writes.run(() => db.withConnection((con) => con.run(sql)));
  await db.notifyDataChanged();
}

/** Headless Chromium with the flags measured in notes/stack.md §3 and a throwaway profile. */
export async function launchBrowser(): Promise<{ ctx: BrowserContext; close(): Promise<void> }> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install it (apt-get install -y chromium fonts-wqy-microhei)`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-e2e-profile-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    acceptDownloads: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    ctx,
    close: async () => {
      await ctx.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A new tab that records console errors and uncaught exceptions (check `errors` at the end of a test). */
export async function openPage(ctx: BrowserContext, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.stack ?? e.message}`));
  await page.goto(url);
  return { page, errors };
}

/** Wait until every chart on the page has finished at least `min` renders (Chart.svelte's data-rendered). */
export async function waitForCharts(page: Page, opts: { min?: number; timeout?: number } = {}): Promise<number> {
  await page.waitForSelector('figure.chart', { timeout: opts.timeout ?? 15_000 });
  await page.waitForFunction(
    (min) => {
      const figs = [...document.querySelectorAll('figure.chart')];
      return figs.length > 0 && figs.every((f) => Number(f.getAttribute('data-rendered')) >= min);
    },
    opts.min ?? 1,
    { timeout: opts.timeout ?? 15_000 },
  );
  return page.locator('figure.chart').count();
}

/** Render counts of the page's charts, to wait for a repaint after a change (waitForRepaint). */
export async function renderCounts(page: Page): Promise<number[]> {
  return page.$$eval('figure.chart', (figs) => figs.map((f) => Number(f.getAttribute('data-rendered'))));
}

/** Wait until every chart that existed before has rendered again. */
export async function waitForRepaint(page: Page, before: number[], timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    (prev) => {
      const now = [...document.querySelectorAll('figure.chart')].map((f) => Number(f.getAttribute('data-rendered')));
      return now.length > 0 && now.every((n, i) => n > (prev[i] ?? 0));
    },
    before,
    { timeout },
  );
}

/** Names in the Rankings leaderboard, top to bottom. */
export async function leaderboard(page: Page): Promise<string[]> {
  return page.locator('[data-testid=table-rankings] tbody tr td:nth-child(3)').allTextContents();
}

/** Wait until the page's data requests have settled (pages mark their section with data-state). */
export async function waitForData(page: Page, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelector('section[data-state]') !== null &&
      document.querySelectorAll('section[data-state]:not([data-state=ready])').length === 0,
    undefined,
    { timeout },
  );
}

/** Non-transparent pixels of each chart canvas on the page, keyed by the chart's data-testid. */
export async function paintedPixels(page: Page): Promise<Record<string, number>> {
  return page.$$eval('figure.chart', (figs) =>
    Object.fromEntries(
      figs.map((f) => {
        let n = 0;
        for (const c of f.querySelectorAll('canvas')) {
          const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          for (let i = 3; i < d.length; i += 4) if (d[i]) n++;
        }
        return [f.getAttribute('data-testid') ?? '?', n];
      }),
    ),
  );
}

/** Visible text of the page that contains Chinese characters (for the language test). */
export async function chineseText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || !el.checkVisibility?.() || !/\p{Script=Han}/u.test(n.textContent ?? '')) continue;
      // Proper names deliberately shown in both languages carry lang="zh-CN" (the language switch itself).
      if (el.closest('[lang="zh-CN"]') && el.closest('[lang="zh-CN"]') !== document.documentElement) continue;
      out.push(n.textContent!.trim());
    }
    for (const el of document.querySelectorAll('[title],[aria-label],[placeholder]')) {
      for (const a of ['title', 'aria-label', 'placeholder']) {
        const v = el.getAttribute(a);
        if (v && /\p{Script=Han}/u.test(v) && (el as HTMLElement).checkVisibility?.()) out.push(`${a}=${v}`);
      }
    }
    return out;
  });
}

/** A full-page PNG under tests/e2e/screenshots/, after chart animations (300 ms in Chart.svelte) have ended. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.waitForTimeout(700);
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * What sticks out on the page as it is: tables wider than their scrolling box (a column cut off behind a scroll bar that
 * a screenshot does not show) and the page itself scrolling sideways. Empty when nothing does.
 */
export async function overflows(page: Page): Promise<string[]> {
  const over = (await page.evaluate(`[...document.querySelectorAll('.scroll')]
    .filter((e) => e.scrollWidth > e.clientWidth + 1)
    .map((e) => (e.closest('[data-testid]')?.getAttribute('data-testid') ?? '?') + ' ' + e.scrollWidth + ' > ' + e.clientWidth + ' px')`)) as string[];
  const doc = (await page.evaluate(
    '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
  )) as number[];
  return doc[0] > doc[1] ? [...over, `page ${doc[0]} > ${doc[1]} px`] : over;
}
