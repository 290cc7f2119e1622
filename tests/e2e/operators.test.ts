/**
 * The operators and pricing oversight page in Chromium over the product's sample data: it loads in both languages
 * without console errors and paints every chart; an operator picked in the table narrows the worklist to its findings
 * and the link keeps it; a rule picked narrows the worklist; the worklist's CSV download is the server's. Screenshots
 * at 1440 and 1024 px land in tests/e2e/screenshots/. An operator picked opens its detail (agreements' timeline, months,
 * customers, products, replicated models) in both languages, and operators added to the comparison show their
 * intervals or why they are not comparable (screenshots operators-detail-*).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { queryRows } from '../../server/db/query.ts';
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

  /** The detail and comparison blocks ready, and every chart on the page drawn. */
  async function waitForDetail(page: Page) {
    await page.waitForSelector('[data-testid=operator-detail][data-state=ready]', { timeout: 60_000 });
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid=operators-compare]:not([data-state=ready])').length === 0,
      undefined,
      { timeout: 60_000 },
    );
    await waitForCharts(page, { timeout: 30_000 });
  }

  for (const lang of ['zh-CN', 'en'] as const) {
    for (const width of [1440, 1024]) {
      it(`opens an operator's detail and compares operators (${lang}, ${width} px)`, async () => {
        // an operator that replicated a model from elsewhere, and two others with usage to compare it with
        const [rep] = await env.atlas.db.withConnection((con) =>
          queryRows(
            con,
            `SELECT a.operator_org_id FROM "authorization" a WHERE a.is_replicated_from IS NOT NULL
             ORDER BY (SELECT count(*) FROM "authorization" b WHERE b.operator_org_id = a.operator_org_id) DESC, 1 LIMIT 1`,
          ),
        );
        const id = rep.operator_org_id as string;
        const others = await env.atlas.db.withConnection((con) =>
          queryRows(
            con,
            `SELECT a.operator_org_id, count(DISTINCT u.period_month) AS months
             FROM "authorization" a JOIN product p USING (auth_id) JOIN usage u USING (product_id)
             WHERE a.operator_org_id <> $id GROUP BY 1 ORDER BY months DESC, 1 LIMIT 2`,
            { id },
          ),
        );
        const q = lang === 'en' ? 'lang=en&' : '';
        const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/operators?${q}`);
        await page.setViewportSize({ width, height: 900 });
        await waitForData(page, 60_000);
        // pick it in the table (sorted by name) through the URL the table writes
        await page.goto(`${env.atlas.base}/operators?${q}operator=${id}`);
        await waitForData(page, 60_000);
        await waitForDetail(page);
        const detail = page.locator('[data-testid=operator-detail]');
        expect(await detail.locator('[data-testid=operator-detail-title]').textContent()).not.toContain(id);
        expect(await detail.locator('[data-testid=table-operator-products] tbody tr').count()).toBeGreaterThan(0);
        expect(await detail.locator('[data-testid=operator-replicated] li').count()).toBeGreaterThan(0);
        const painted = await paintedPixels(page);
        for (const chart of ['chart-operator-timeline', 'chart-operator-months', 'chart-operator-customers'])
          expect(painted[chart], `${chart} painted pixels`).toBeGreaterThan(3_000);
        // the worklist still narrows to it
        expect(await page.textContent('[data-testid=worklist-title]')).toContain(
          (await detail.locator('[data-testid=operator-detail-title] span').textContent())!.trim(),
        );

        // add it and two others to the comparison
        await detail.locator('[data-testid=operator-compare-toggle]').click();
        await page.waitForURL(new RegExp(`compare=${id}`));
        for (const o of others) {
          await page.goto(page.url().replace(/operator=[^&]+/, `operator=${o.operator_org_id as string}`));
          await waitForData(page, 60_000);
          await waitForDetail(page);
          await page.locator('[data-testid=operator-compare-toggle]').click();
          await page.waitForURL(new RegExp(`compare=[^&]*${o.operator_org_id as string}`));
        }
        await waitForDetail(page);
        const compare = page.locator('[data-testid=operators-compare]');
        expect(await compare.locator('[data-testid=table-operators-compare] tbody tr').count()).toBe(3);
        const chartOrNote =
          (await compare.locator('[data-testid=chart-operators-compare]').count()) +
          (await compare.locator('[data-testid=operators-compare-chart-empty]').count());
        expect(chartOrNote).toBe(1);
        await screenshot(page, `operators-detail-${lang}-${width}`);
        expect(await overflows(page)).toEqual([]);
        if (lang === 'en') expect(await chineseText(page), 'Chinese text left in English mode').toEqual([]);
        // the link keeps the detail and the comparison
        const copy = await openPage(env.ctx, page.url());
        await copy.page.setViewportSize({ width, height: 900 });
        await waitForData(copy.page, 60_000);
        await waitForDetail(copy.page);
        expect(await copy.page.locator('[data-testid=table-operators-compare] tbody tr').count()).toBe(3);
        expect([...errors, ...copy.errors]).toEqual([]);
        await page.close();
        await copy.page.close();
      });
    }
  }
});
