/**
 * The operators and pricing oversight page in Chromium over the product's sample data: it loads in both languages
 * without console errors and paints every chart; an operator picked in the table narrows the worklist to its findings
 * and the link keeps it; a rule picked narrows the worklist; the worklist's CSV download is the server's. Screenshots
 * at 1440 and 1024 px land in tests/e2e/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import { chineseText, openPage, overflows, paintedPixels, screenshot, waitForCharts, waitForData } from './harness.ts';
import { useAtlasBrowser } from './suite.ts';

describe('operators page in Chromium', () => {
  const env = useAtlasBrowser();

  for (const lang of ['zh-CN', 'en'] as const) {
    for (const width of [1440, 1024]) {
      it(`loads without console errors and paints every chart (${lang}, ${width} px)`, async () => {
        const { page, errors } = await openPage(
          env.ctx,
          `${env.atlas.base}/operators${lang === 'en' ? '?lang=en' : ''}`,
        );
        await page.setViewportSize({ width, height: 900 });
        await page.waitForSelector('[data-testid=page-operators] h1');
        await waitForData(page, 60_000);
        expect(await waitForCharts(page, { timeout: 30_000 })).toBe(3);
        const painted = await paintedPixels(page);
        for (const [id, n] of Object.entries(painted)) expect(n, `${id} painted pixels`).toBeGreaterThan(5_000);
        const violations = Number((await page.textContent('[data-testid=kpi-violations]'))!.replace(/\D/g, ''));
        expect(violations).toBeGreaterThan(0);
        expect(await page.locator('[data-testid=table-findings] tbody tr').count()).toBeGreaterThan(0);
        await screenshot(page, `operators-${lang}-${width}`);
        expect(await overflows(page)).toEqual([]);
        if (lang === 'en') expect(await chineseText(page), 'Chinese text left in English mode').toEqual([]);
        else expect((await chineseText(page)).length).toBeGreaterThan(10);
        expect(errors).toEqual([]);
        await page.close();
      });
    }
  }

  it('an operator picked in the table narrows the worklist, a rule narrows it further, and the link keeps both', async () => {
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/operators?lang=en`);
    await waitForData(page, 60_000);
    const all = await page.locator('[data-testid=table-findings] tbody tr').count();
    // the table is sorted by the amount at stake: its first row is an operator with a violation
    const first = page.locator('[data-testid=table-operators] tbody tr').first();
    const name = (await first.locator('td').first().textContent())!.trim();
    await first.click();
    await page.waitForURL(/operator=/);
    expect(await page.textContent('[data-testid=worklist-title]')).toContain(name);
    const rows = page.locator('[data-testid=table-findings] tbody tr');
    const mine = await rows.count();
    expect(mine).toBeGreaterThan(0);
    expect(mine).toBeLessThan(all);
    for (const text of await rows.allTextContents()) expect(text).toContain(name);
    await page.selectOption('[data-testid=operators-rule]', 'PRICE_ABOVE_CAP');
    await page.waitForURL(/rule=PRICE_ABOVE_CAP/);
    const href = await page.getAttribute('[data-testid=operators-csv]', 'href');
    expect(href).toMatch(/^\/api\/operators\/findings\?.*rules=PRICE_ABOVE_CAP.*format=csv/);
    const csv = await page.evaluate((u) => fetch(u!).then((r) => r.text()), href);
    expect(csv.split('\n')[0]).toMatch(/^rule,severity,operator_org_id/);
    expect(
      csv
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .every((l) => l.startsWith('PRICE_ABOVE_CAP,')),
    ).toBe(true);
    const copy = await openPage(env.ctx, page.url());
    await waitForData(copy.page, 60_000);
    expect(await copy.page.textContent('[data-testid=worklist-title]')).toContain(name);
    expect([...errors, ...copy.errors]).toEqual([]);
    await page.close();
    await copy.page.close();
  });
});
