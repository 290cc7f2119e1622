/**
 * The set-up every browser suite shares: a server over a fresh database and a Chromium, started before the suite's
 * tests and closed after them. Apart from harness.ts because it registers vitest hooks (the web benchmark imports the
 * harness outside vitest).
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, startAtlas, type Atlas } from './harness.ts';

export interface AtlasBrowser {
  /** The server and its database; read inside tests (set once the suite's set-up has run). */
  readonly atlas: Atlas;
  /** The browser context to open pages in. */
  readonly ctx: BrowserContext;
}

/**
 * Call inside describe(). Options are startAtlas's (a seed) and a set-up time limit. When the set-up fails (no Chromium,
 * no built app), every test of the suite fails with its error: a failing beforeAll alone would leave them counted as
 * skipped, and a browser run that tested nothing would look like a pass.
 */
export function useAtlasBrowser(opts: Parameters<typeof startAtlas>[0] & { timeout?: number } = {}): AtlasBrowser {
  let atlas: Atlas | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let setupError: unknown;
  beforeAll(async () => {
    try {
      atlas = await startAtlas(opts);
      browser = await launchBrowser();
    } catch (err) {
      setupError = err;
    }
  }, opts.timeout);
  beforeEach(() => {
    if (setupError !== undefined) throw setupError;
  });
  afterAll(async () => {
    await browser?.close();
    await atlas?.close();
  });
  const ready = <T>(v: T | undefined): T => {
    if (v === undefined)
      throw new Error('useAtlasBrowser: the suite set-up has not run (read atlas and ctx inside tests)');
    return v;
  };
  return {
    get atlas() {
      return ready(atlas);
    },
    get ctx() {
      return ready(browser).ctx;
    },
  };
}
