import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { canRun, chineseText, launchBrowser, openPage, paintedPixels, renderCounts, screenshot, startAtlas, waitForCharts, waitForData, waitForRepaint, type Atlas } from './harness.ts';

const PAGES = [
  { path: '/', name: 'overview', charts: 4 },
  { path: '/map', name: 'map', charts: 1 },
  { path: '/heatmap', name: 'heatmap', charts: 1 },
  { path: '/data', name: 'data', charts: 0 },
];

/** Centre of a province on the map canvas, from the chart's own projection (Henan's centre point in china.json). */
async function provincePixel(page: Page, lngLat: [number, number]): Promise<{ x: number; y: number }> {
  return page.$eval(
    '[data-testid=chart-map] .canvas',
    (el, ll) => {
      const chart = (el as unknown as { echarts: { convertToPixel(f: object, v: number[]): number[] } }).echarts;
      const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, ll);
      const box = el.getBoundingClientRect();
      return { x: box.left + x, y: box.top + y };
    },
    lngLat,
  );
}

describe.skipIf(!canRun)('dashboard in Chromium', () => {
  let atlas: Atlas;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let ctx: BrowserContext;
  let ingestMounted = false;

  beforeAll(async () => {
    atlas = await startAtlas();
    browser = await launchBrowser();
    ctx = browser.ctx;
    ingestMounted = (await fetch(`${atlas.base}/api/ingest/batches`)).status !== 404;
  });
  afterAll(async () => {
    await browser?.close();
    await atlas?.close();
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    for (const p of PAGES) {
      it(`${p.name} (${lang}) loads without console errors and paints every chart`, async () => {
        const { page, errors } = await openPage(ctx, `${atlas.base}${p.path}${lang === 'en' ? '?lang=en' : ''}`);
        await page.waitForSelector(`[data-testid=page-${p.name}]`);
        if (p.charts) {
          expect(await waitForCharts(page)).toBe(p.charts);
          const painted = await paintedPixels(page);
          for (const [id, n] of Object.entries(painted)) expect(n, `${id} painted pixels`).toBeGreaterThan(5_000);
        } else {
          await page.waitForSelector('[data-testid=table-batches], [data-testid=state-empty], [data-testid=state-error]');
        }
        await page.waitForTimeout(300);
        await screenshot(page, `${p.name}-${lang}`);
        if (lang === 'en') expect(await chineseText(page), 'Chinese text left in English mode').toEqual([]);
        // Until the ingestion API is mounted, the Data page's request for batches fails with 404 (and says so on the
        // page); that failed request is the one console error allowed.
        const allowed = ingestMounted ? [] : errors.filter((e) => e.includes('404') && e.includes('/api/ingest/'));
        expect(errors.filter((e) => !allowed.includes(e))).toEqual([]);
        await page.close();
      });
    }
  }

  it('pages that come later show an honest "coming" state', async () => {
    const { page, errors } = await openPage(ctx, `${atlas.base}/rankings?lang=en`);
    await page.waitForSelector('[data-testid=page-coming]');
    expect(await page.textContent('h1')).toBe('Rankings: coming');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the language switch changes every visible label', async () => {
    const { page, errors } = await openPage(ctx, `${atlas.base}/`);
    await waitForCharts(page);
    expect((await chineseText(page)).length).toBeGreaterThan(20);
    const before = await renderCounts(page);
    await page.click('[data-testid=lang-en]');
    await page.waitForURL(/lang=en/);
    await waitForRepaint(page, before);
    expect(await page.textContent('[data-testid=product-name]')).toBe('Public Data Atlas');
    expect(await chineseText(page)).toEqual([]);
    await page.click('[data-testid=nav-heatmap]');
    await waitForCharts(page);
    expect(await chineseText(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('clicking a province on the map selects it for every other view, and back undoes it', async () => {
    const { page, errors } = await openPage(ctx, `${atlas.base}/?lang=en`);
    await waitForCharts(page);
    const allCalls = await page.textContent('[data-testid=kpi-calls] .value');
    await page.click('[data-testid=nav-map]');
    await waitForCharts(page);
    const { x, y } = await provincePixel(page, [113.665412, 34.757975]);
    await page.mouse.click(x, y);
    await page.waitForURL(/region=410000/);
    expect(await page.textContent('[data-testid=selected-region]')).toContain('Henan');
    await screenshot(page, 'map-selected-en');

    await page.click('[data-testid=nav-overview]');
    await page.waitForURL((u) => u.pathname === '/' && u.searchParams.get('region') === '410000');
    await waitForCharts(page);
    const henanCalls = await page.textContent('[data-testid=kpi-calls] .value');
    expect(henanCalls).not.toBe(allCalls);
    // The regions table shows only the selected province.
    expect(await page.locator('[data-testid=table-regions] tbody tr').count()).toBe(1);

    await page.click('[data-testid=nav-heatmap]');
    await waitForCharts(page);
    expect(await page.locator('[data-testid=table-heatmap] tbody td:nth-child(2)').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Henan')]),
    );
    expect(new Set(await page.locator('[data-testid=table-heatmap] tbody td:nth-child(2)').allTextContents()).size).toBe(1);

    await page.goBack();
    await page.goBack();
    await page.goBack();
    await page.waitForURL((u) => u.pathname === '/map' && !u.searchParams.has('region'));
    expect(await page.locator('[data-testid=selected-region]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a copied URL restores the view', async () => {
    const { page, errors } = await openPage(ctx, `${atlas.base}/map?lang=en`);
    await waitForCharts(page);
    await page.selectOption('[data-testid=measure]', 'paid_amount');
    await page.selectOption('[data-testid=basis]', 'per_capita');
    await page.waitForURL(/basis=per_capita/);
    await page.fill('[data-testid=filter-from]', '2025-01');
    await page.dispatchEvent('[data-testid=filter-from]', 'change');
    await page.waitForURL(/from=2025-01/);
    await waitForData(page);
    const link = page.url();
    const firstRow = await page.locator('[data-testid=table-map] tbody tr').first().textContent();

    const copy = await openPage(ctx, link);
    await waitForCharts(copy.page);
    await waitForData(copy.page);
    expect(await copy.page.inputValue('[data-testid=measure]')).toBe('paid_amount');
    expect(await copy.page.inputValue('[data-testid=basis]')).toBe('per_capita');
    expect(await copy.page.inputValue('[data-testid=filter-from]')).toBe('2025-01');
    expect(await copy.page.locator('[data-testid=table-map] tbody tr').first().textContent()).toBe(firstRow);
    expect([...errors, ...copy.errors]).toEqual([]);
    await page.close();
    await copy.page.close();
  });

  it('Tibet, which has no records, is drawn and labelled as no data', async () => {
    const { page } = await openPage(ctx, `${atlas.base}/map?lang=en`);
    await waitForCharts(page);
    const row = page.locator('[data-testid=table-map] tbody tr', { hasText: 'Tibet' });
    expect(await row.textContent()).toContain('No data');
    await page.close();
  });

  it('an upload of a bad file shows its reasons', async () => {
    const probe = await fetch(`${atlas.base}/api/ingest/batches`);
    if (probe.status === 404) {
      // The ingestion API (server/ingest) has not landed in this checkout: nothing to upload to.
      console.warn('skipped: GET /api/ingest/batches answers 404, the ingestion API is not mounted yet');
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-upload-'));
    const file = path.join(dir, 'bad-usage.csv');
    fs.writeFileSync(file, 'usage_id,period_month,product_id\nX1,not-a-month,PR1\n');
    const { page, errors } = await openPage(ctx, `${atlas.base}/data?lang=en`);
    await page.selectOption('[data-testid=upload-kind]', 'usage');
    await page.setInputFiles('[data-testid=upload-file]', file);
    await page.click('[data-testid=upload-start]');
    await page.waitForSelector('[data-testid=rejects], [data-testid=file-errors], [data-testid=job-error], [data-testid=state-error]', { timeout: 30_000 });
    const text = (await page.textContent('[data-testid=page-data]')) ?? '';
    expect(text).toMatch(/missing|not a month|required|column/i);
    await screenshot(page, 'data-bad-upload-en');
    expect(errors).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
    await page.close();
  });
});
