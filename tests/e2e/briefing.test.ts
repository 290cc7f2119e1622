/**
 * Issue 24: figures a person can hand on. A chart's PNG carries its title, period, filters and source at twice the
 * chart's size; a table's CSV holds every row of the view with codes beside names; and the data steward's late rows of
 * the next month leave every default window alone while a chosen partial month is labelled (zh and en).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { queryRows } from '../../server/db/query.ts';
import { ingestFile } from '../../server/ingest/pipeline.ts';
import { openPage, screenshot, waitForCharts, waitForData } from './harness.ts';
import { useAtlasBrowser } from './suite.ts';

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (b: Buffer) => ({ width: b.readUInt32BE(16), height: b.readUInt32BE(20) });

/** Dark pixels per band of the picture, counted by drawing the PNG into a canvas in the page. */
async function darkPixels(page: Page, png: Buffer, bands: [number, number][]): Promise<number[]> {
  return page.evaluate(
    async ({ b64, bands }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      return bands.map(([y0, y1]) => {
        const d = ctx.getImageData(0, y0, c.width, y1 - y0).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i]! < 140 && d[i + 1]! < 140 && d[i + 2]! < 140) n++;
        return n;
      });
    },
    { b64: png.toString('base64'), bands },
  );
}

describe('briefing-ready exports and partial months in Chromium', () => {
  const env = useAtlasBrowser();

  it('exports a chart PNG at 2× with its title, period, filters and source line above and below the chart', async () => {
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/?lang=en&sectors=DEX05`);
    await waitForCharts(page);
    const chart = '[data-testid=chart-trend-usage]';
    const box = await page.$eval(`${chart} .canvas`, (el) => ({ w: el.clientWidth, h: el.clientHeight }));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click(`${chart} [data-testid=export-png]`),
    ]);
    expect(download.suggestedFilename()).toBe('Calls-and-paid-amount-by-month.png');
    const png = fs.readFileSync((await download.path())!);
    const size = pngSize(png);
    expect(size.width).toBe(box.w * 2);
    expect(size.height).toBeGreaterThan(box.h * 2 + 100);
    const drawn = await page.$eval(
      `${chart} .canvas`,
      (el) => (el as unknown as { lastExport: { texts: string[]; chartTop: number } }).lastExport,
    );
    expect(drawn.texts[0]).toBe('Calls and paid amount by month');
    expect(drawn.texts.join(' ')).toMatch(/Period: \w{3} \d{4} – \w{3} \d{4}/);
    expect(drawn.texts.join(' ')).toContain('Sectors: Financial services');
    expect(drawn.texts.join(' ')).toContain('Unit: calls: count; paid amount: CNY');
    expect(drawn.texts.some((t) => t.startsWith('Public Data Atlas · data as of '))).toBe(true);
    // the header and the footer hold drawn text, not just a white frame
    const [header, footer] = await darkPixels(page, png, [
      [0, drawn.chartTop],
      [drawn.chartTop + box.h * 2, size.height],
    ]);
    expect(header).toBeGreaterThan(500);
    expect(footer).toBeGreaterThan(100);
    fs.mkdirSync(path.join(import.meta.dirname, 'screenshots'), { recursive: true });
    fs.writeFileSync(path.join(import.meta.dirname, 'screenshots', 'export-trend-en.png'), png);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('exports every candidate of the view as CSV, with cell codes beside names and scores to 4 decimals', async () => {
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/candidates`);
    await page.waitForSelector('[data-testid=table-candidates] tbody tr');
    const shown = await page.locator('[data-testid=table-candidates] tbody tr').count();
    const all = (await (await fetch(`${env.atlas.base}/api/candidates?limit=558`)).json()) as {
      candidates: { entity: string }[];
    };
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=table-candidates] [data-testid=export-csv]'),
    ]);
    const lines = fs
      .readFileSync((await csv.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const header = lines.findIndex((l) => !l.startsWith('#'));
    const cols = lines[header]!.split(',');
    const rows = lines.slice(header + 1).map((l) => l.split(','));
    expect(shown).toBeLessThan(all.candidates.length);
    expect(rows).toHaveLength(all.candidates.length);
    const code = cols.indexOf('地区 × 行业代码');
    expect(code, cols.join(',')).toBe(cols.indexOf('地区 × 行业') + 1);
    expect(new Set(rows.map((r) => r[code]))).toEqual(new Set(all.candidates.map((c) => c.entity)));
    const decimals = lines
      .slice(header + 1)
      .join(',')
      .match(/\d+\.\d+/g)!
      .map((n) => n.split('.')[1]!.length);
    expect(Math.max(...decimals)).toBeLessThanOrEqual(4);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('ten usage rows of the next month leave the default window; the month is labelled when chosen (zh, en)', async () => {
    const ref = async () =>
      ((await (await fetch(`${env.atlas.base}/api/reference`)).json()) as { period: Record<string, any> }).period;
    const before = await ref();
    const [y, m] = (before.last as string).split('-').map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    // what the steward uploads: ten rows of one region for the next month (copies of its last month's, new ids)
    const rows = await env.atlas.db.withConnection((con) =>
      queryRows(
        con,
        `SELECT 'LATE-' || row_number() OVER () AS usage_id, $next || '-01' AS period_month, product_id, auth_id,
                provider_region_code, user_org_id, user_type, user_region_code, use_purpose, calls, amount_cny
         FROM usage WHERE period_month = CAST($last || '-01' AS DATE) AND provider_region_code = '330000'
         ORDER BY usage_id LIMIT 10`,
        { next, last: before.last },
      ),
    );
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-late-')), 'late.csv');
    const cols = Object.keys(rows[0]!);
    fs.writeFileSync(file, [cols.join(','), ...rows.map((r) => cols.map((c) => String(r[c])).join(','))].join('\n'));
    expect((await ingestFile(env.atlas.db, { kind: 'usage', path: file, source: 'test' })).inserted).toBe(10);
    const after = await ref();
    expect(after.last).toBe(next);
    expect(after.last_complete).toBe(before.last);

    for (const lang of ['zh-CN', 'en'] as const) {
      const q = lang === 'en' ? 'lang=en' : '';
      const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/?${q}`);
      await waitForCharts(page);
      await waitForData(page);
      const asOf = await page.textContent('[data-testid=data-as-of]');
      const monthText = (mm: string) => {
        const [yy, mo] = mm.split('-').map(Number) as [number, number];
        return lang === 'zh-CN'
          ? `${yy}年${mo}月`
          : new Date(Date.UTC(yy, mo - 1)).toLocaleString('en', { month: 'short', year: 'numeric', timeZone: 'UTC' });
      };
      expect(asOf).toContain(monthText(before.last));
      expect(await page.textContent('[data-testid=filter-to-open]')).toContain(monthText(before.last));
      expect(await page.textContent('[data-testid=overview-period]')).toContain(monthText(before.last));
      expect(await page.locator('[data-testid=partial-note]').count()).toBe(0);
      await screenshot(page, `partial-default-${lang}`);

      await page.goto(`${env.atlas.base}/?${q}${q ? '&' : ''}to=${next}`);
      await waitForCharts(page);
      await waitForData(page);
      const note = await page.textContent('[data-testid=partial-note]');
      const expected = after.partial[0].expected as number;
      expect(note).toContain(
        lang === 'zh-CN'
          ? `${monthText(next)}不完整：${expected} 个地区中 1 个已报送`
          : `${monthText(next)} incomplete: 1 of ${expected} regions reported`,
      );
      expect(await page.textContent('[data-testid=overview-partial]')).toContain(monthText(next));
      const dashed = await page.$eval('[data-testid=chart-trend-usage] .canvas', (el) => {
        const o = (el as unknown as { echarts: { getOption(): any } }).echarts.getOption();
        return o.series.filter((s: any) => s.lineStyle?.type === 'dashed').map((s: any) => s.data.at(-1) !== null);
      });
      expect(dashed).toEqual([true, true]);
      await screenshot(page, `partial-chosen-${lang}`);
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
