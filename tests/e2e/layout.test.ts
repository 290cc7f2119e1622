/**
 * Layout over the sample data in Chromium at the test viewport (1400 × 900) and at a laptop's 1024 × 768: on every
 * page, in both languages, no table is wider than its box (a column cut off behind a scroll bar that a headless
 * screenshot does not even show), the page itself does not scroll sideways, and no control on a chart's title row
 * breaks its label over two lines (a long title squeezed the Export button on the Models page).
 */
import { describe, expect, it } from 'vitest';
import { openPage } from './harness.ts';
import { useAtlasBrowser } from './suite.ts';

const PAGES = [
  { path: '/' },
  { path: '/map' },
  { path: '/map?index=market-demand' },
  { path: '/heatmap' },
  { path: '/rankings' },
  { path: '/rankings?level=cell' },
  { path: '/compare' },
  // the evidence of the first candidate, with its resources, holders and agreements
  { path: '/candidates', wait: '[data-testid=table-resources]' },
  { path: '/models' },
  { path: '/operators' },
  { path: '/data' },
  { path: '/sql' },
  { path: '/accounts' },
  { path: '/tokens' },
  { path: '/audit' },
];

describe('layout in Chromium', () => {
  const env = useAtlasBrowser();

  for (const [lang, width] of [
    ['zh-CN', 0],
    ['en', 0],
    ['zh-CN', 1024],
    ['en', 1024],
  ] as const) {
    it(`no table is wider than its box and no chart button wraps on any page (${lang}${width ? `, ${width} px wide` : ''})`, async () => {
      const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/?lang=${lang}`);
      if (width) await page.setViewportSize({ width, height: 768 });
      const wide: string[] = [];
      for (const p of PAGES) {
        await page.goto(`${env.atlas.base}${p.path}${p.path.includes('?') ? '&' : '?'}lang=${lang}`);
        await page.waitForSelector('[data-testid^=page-]');
        // the Data and SQL pages have no data-state: their requests settle with the network
        await page.waitForLoadState('networkidle');
        await page.waitForFunction(
          () => document.querySelectorAll('section[data-state]:not([data-state=ready])').length === 0,
        );
        if (p.wait) await page.waitForSelector(p.wait);
        const over = (await page.evaluate(`[...document.querySelectorAll('.scroll')]
          .filter((e) => e.scrollWidth > e.clientWidth + 1)
          .map((e) => (e.closest('[data-testid]')?.getAttribute('data-testid') ?? '?') + ' ' + e.scrollWidth + ' > ' + e.clientWidth + ' px')`)) as string[];
        const doc = (await page.evaluate(
          '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
        )) as number[];
        // a label's text wraps when a range over it has more than one line box
        const wrapped = (await page.evaluate(`[...document.querySelectorAll('figcaption button')]
          .filter((b) => { const r = document.createRange(); r.selectNodeContents(b); return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size > 1; })
          .map((b) => (b.closest('[data-testid]')?.getAttribute('data-testid') ?? '?') + ' button "' + b.textContent.trim() + '" wraps')`)) as string[];
        wide.push(...over.map((o) => `${p.path}: ${o}`), ...wrapped.map((o) => `${p.path}: ${o}`));
        if (doc[0] > doc[1]) wide.push(`${p.path}: page ${doc[0]} > ${doc[1]} px`);
      }
      expect(wide).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
