/**
 * The pricing oversight page in Chromium over the product's sample data (scale 1): its tabs load in both languages
 * without console errors, the box plot of prices by sector paints, a worklist row leads to the records it rests on, the
 * worklist downloads as CSV and XLSX through the page's links, and the annual disclosure of a region prints. Screenshots
 * at 1440 and 1024 px land in tests/e2e/screenshots/ (pricing-*, disclosure-*).
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { chineseText, openPage, overflows, paintedPixels, screenshot, waitForCharts, waitForData } from './harness.ts';
import { useAtlasBrowser } from './suite.ts';

describe('pricing page in Chromium', () => {
  const env = useAtlasBrowser();
  const url = (lang: string, query = '') =>
    `${env.atlas.base}/pricing?${[lang === 'en' ? 'lang=en' : '', query].filter(Boolean).join('&')}`;

  for (const lang of ['zh-CN', 'en'] as const) {
    for (const width of [1440, 1024]) {
      it(`shows prices, revenue and the price spread without console errors (${lang}, ${width} px)`, async () => {
        const { page, errors } = await openPage(env.ctx, url(lang));
        await page.setViewportSize({ width, height: 900 });
        await page.waitForSelector('[data-testid=page-pricing] h1');
        await waitForData(page, 90_000);
        expect(await waitForCharts(page, { timeout: 30_000 })).toBe(1);
        const painted = await paintedPixels(page);
        expect(painted['chart-pricing-spread'], 'box plot painted pixels').toBeGreaterThan(5_000);
        expect(Number((await page.textContent('[data-testid=kpi-above-cap]'))!.replace(/\D/g, ''))).toBe(17);
        expect(await page.locator('[data-testid=table-revenue] tbody tr').count()).toBeGreaterThan(0);
        expect(await page.locator('[data-testid=table-prices] tbody tr').count()).toBeGreaterThan(0);
        await screenshot(page, `pricing-${lang}-${width}`);
        expect(await overflows(page)).toEqual([]);
        if (lang === 'en') expect(await chineseText(page), 'Chinese text left in English mode').toEqual([]);
        else expect((await chineseText(page)).length).toBeGreaterThan(10);

        await page.click('[data-testid=pricing-tab-worklist]');
        await page.waitForURL(/tab=worklist/);
        await waitForData(page, 60_000);
        await page.locator('[data-testid=table-worklist] tbody tr').first().click();
        await page.waitForSelector('[data-testid=table-evidence] tbody tr');
        await screenshot(page, `pricing-worklist-${lang}-${width}`);
        expect(await overflows(page)).toEqual([]);
        if (lang === 'en') expect(await chineseText(page), 'Chinese text left in English mode').toEqual([]);

        await page.goto(url(lang, 'tab=disclosure&region=330000&year=2025'));
        await waitForData(page, 60_000);
        expect(await page.locator('[data-testid=disclosure-agreement]').count()).toBeGreaterThan(3);
        await screenshot(page, `disclosure-${lang}-${width}`);
        expect(await overflows(page)).toEqual([]);
        if (lang === 'en') expect(await chineseText(page), 'Chinese text left in English mode').toEqual([]);
        expect(errors).toEqual([]);
        await page.close();
      });
    }
  }

  it('follows a free-purpose charge to its usage records, and downloads the worklist as CSV and XLSX', async () => {
    const { page, errors } = await openPage(env.ctx, url('en', 'tab=worklist'));
    await waitForData(page, 60_000);
    await page.selectOption('[data-testid=pricing-rule]', 'FREE_PURPOSE_CHARGED');
    await page.waitForURL(/rule=FREE_PURPOSE_CHARGED/);
    await waitForData(page, 60_000);
    const rows = page.locator('[data-testid=table-worklist] tbody tr');
    expect(await rows.count()).toBeGreaterThan(5);
    // the first row has the largest amount: its records sum to it
    const cells = await rows.first().locator('td').allTextContents();
    const records = Number(cells.at(-1)!.replace(/\D/g, ''));
    await rows.first().click();
    await page.waitForURL(/evidence=FREE_PURPOSE_CHARGED/);
    await page.waitForSelector('[data-testid=table-evidence] tbody tr');
    expect(await page.locator('[data-testid=table-evidence] tbody tr').count()).toBe(records);
    for (const text of await page.locator('[data-testid=table-evidence] tbody tr').allTextContents())
      expect(text).toMatch(/Public governance|Public welfare/);
    // the link keeps the row and its evidence
    const copy = await openPage(env.ctx, page.url());
    await copy.page.waitForSelector('[data-testid=table-evidence] tbody tr');
    expect(await copy.page.locator('[data-testid=table-evidence] tbody tr').count()).toBe(records);

    // one export of the worklist: the server's files (CSV and Excel), not also the table's own CSV of the shown rows
    expect(await page.locator('[data-testid=table-worklist] [data-testid=export-csv]').count()).toBe(0);
    expect(await page.locator('[data-testid=table-evidence] [data-testid=export-csv]').count()).toBe(1);
    const csvHref = await page.getAttribute('[data-testid=worklist-csv]', 'href');
    expect(csvHref).toMatch(/^\/api\/operators\/findings\?/);
    expect(csvHref).toContain('rules=FREE_PURPOSE_CHARGED');
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=worklist-csv]')]);
    const csv = await streamText(await csvDownload.createReadStream());
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^rule,severity,operator_org_id/);
    expect(lines.slice(1).every((l) => l.startsWith('FREE_PURPOSE_CHARGED,'))).toBe(true);
    const [xlsxDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=worklist-xlsx]'),
    ]);
    expect(xlsxDownload.suggestedFilename()).toBe('operator-findings.xlsx');
    const wb = new ExcelJS.Workbook();
    const bytes = await streamBuffer(await xlsxDownload.createReadStream());
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet.rowCount).toBe(lines.length);
    const header = (sheet.getRow(1).values as string[]).slice(1);
    expect(header.slice(0, 3)).toEqual(['rule', 'severity', 'operator_org_id']);
    // English names beside the codes (the page is in English)
    expect(sheet.getRow(2).getCell(header.indexOf('region_name') + 1).value).toMatch(/[A-Za-z]/);
    expect([...errors, ...copy.errors]).toEqual([]);
    await page.close();
    await copy.page.close();
  });
});

async function streamBuffer(s: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}
const streamText = async (s: NodeJS.ReadableStream) => (await streamBuffer(s)).toString('utf8');
