/**
 * Issue 24, the region brief: /brief?region=510000 and the national /brief hold every section with content in both
 * languages, their charts paint, nothing sticks out at 1440 and 1024 px, and the print leaves out the shell and comes
 * out as a PDF of several A4 pages. Chromium writes a PDF's text as glyph ids, so the headings are checked on the page
 * under print media, where the PDF is made from, and the PDF for its pages.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chineseText, openPage, overflows, screenshot, waitForCharts, waitForData } from './harness.ts';
import { useAtlasBrowser } from './suite.ts';

const REGION_SECTIONS = ['headline', 'map', 'ranks', 'peers', 'candidates', 'models', 'completeness'];
const NATIONAL_SECTIONS = ['headline', 'map', 'ranks', 'candidates', 'models', 'completeness'];
const HEADINGS = {
  'zh-CN': ['主要数字', '在全国的位置', '各指数排名', '长处与短板', '重点候选单元', '最适合借鉴的模式', '数据完整性'],
  en: [
    'Headline figures',
    'Position in the country',
    'Ranks on each index',
    'Strengths and weaknesses',
    'Top candidate cells',
    'Models best placed to copy',
    'Data completeness',
  ],
} as const;

/** A4 pages of a PDF: its page objects (Chromium writes them uncompressed, one `/Type /Page` each). */
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;

/** Wait for the data and for every chart's first picture, and say how many charts there are. */
async function ready(page: Page): Promise<number> {
  await waitForData(page, 60_000);
  return waitForCharts(page, { timeout: 60_000 });
}

/** Each section's heading and how much it says beyond it; a section showing its empty or loading state says 0. */
async function sections(page: Page, ids: string[]): Promise<{ id: string; heading: string; text: number }[]> {
  return page.evaluate(
    (ids) =>
      ids.map((id) => {
        const el = document.querySelector(`[data-testid=brief-${id}]`);
        const heading = el?.querySelector('h2')?.textContent?.trim() ?? '';
        const empty = !el || el.querySelector('[data-testid=brief-empty],[data-testid=state-loading]') !== null;
        return { id, heading, text: empty ? 0 : (el.textContent?.length ?? 0) - heading.length };
      }),
    ids,
  );
}

/** Drawn shapes of each SVG chart (the brief draws with the SVG renderer, sharp on paper). */
async function svgShapes(page: Page): Promise<Record<string, number>> {
  return page.$$eval('figure.chart', (figs) =>
    Object.fromEntries(
      figs.map((f) => [f.getAttribute('data-testid') ?? '?', f.querySelectorAll('.canvas svg path').length]),
    ),
  );
}

describe('the region brief in Chromium', () => {
  const env = useAtlasBrowser();

  for (const lang of ['zh-CN', 'en'] as const) {
    const short = lang === 'en' ? 'en' : 'zh';
    it(`(${short}) holds every section of Sichuan with painted charts, fits 1440 and 1024 px, and prints to A4`, async () => {
      const { page, errors } = await openPage(
        env.ctx,
        `${env.atlas.base}/brief?region=510000${lang === 'en' ? '&lang=en' : ''}`,
      );
      await page.setViewportSize({ width: 1440, height: 900 });
      expect(await ready(page)).toBe(3);
      expect(await page.textContent('h1')).toContain(lang === 'en' ? 'Sichuan' : '四川');
      const shapes = await svgShapes(page);
      expect(Object.keys(shapes).sort()).toEqual(['chart-brief-completeness', 'chart-brief-map', 'chart-brief-radar']);
      // the 31 provinces and more on the map, a bar per month, a polygon per region and the radar's web
      for (const [chart, n] of Object.entries(shapes)) expect(n, chart).toBeGreaterThan(10);
      const got = await sections(page, REGION_SECTIONS);
      expect(got.map((s) => s.heading)).toEqual(HEADINGS[lang]);
      for (const s of got) expect(s.text, s.id).toBeGreaterThan(20);
      // the data's period and as-of month, and the province's ranks with their intervals
      expect(await page.textContent('[data-testid=brief-period]')).toMatch(lang === 'en' ? /Data as of/ : /数据截至/);
      expect(await page.locator('[data-testid=brief-ranks-table] tbody tr').count()).toBe(4);
      expect(await page.textContent('[data-testid=brief-ranks-table]')).toMatch(/\d+–\d+/);
      // every candidate listed is Sichuan's, each with its reasons
      const cells = await page.$$eval('[data-testid=brief-candidates-table] tbody tr', (rows) =>
        rows.map((r) => [r.children[1]!.textContent!, r.children[4]!.textContent!.trim()]),
      );
      expect(cells.length).toBeGreaterThan(0);
      for (const [name, reasons] of cells) {
        expect(name).toContain(lang === 'en' ? 'Sichuan' : '四川');
        expect(reasons.length).toBeGreaterThan(5);
      }
      if (lang === 'en') expect(await chineseText(page)).toEqual([]);
      expect(await overflows(page)).toEqual([]);
      await screenshot(page, `brief-${short}-1440`);

      await page.setViewportSize({ width: 1024, height: 900 });
      await page.waitForTimeout(300);
      expect(await overflows(page)).toEqual([]);
      await screenshot(page, `brief-${short}-1024`);

      // on paper: the brief alone, every heading on it, the longer sections starting a new page
      await page.emulateMedia({ media: 'print' });
      for (const shell of ['nav.side', 'header.top', '[data-testid=filter-bar]', '[data-testid=brief-print]'])
        expect(await page.locator(shell).isVisible(), shell).toBe(false);
      for (const h of HEADINGS[lang])
        expect(await page.getByRole('heading', { name: h, exact: true }).isVisible()).toBe(true);
      const breaks = await page.$$eval('[data-testid^=brief-]', (els) =>
        els.filter((e) => getComputedStyle(e).breakBefore === 'page').map((e) => e.getAttribute('data-testid')),
      );
      expect(breaks).toEqual(['brief-ranks', 'brief-candidates', 'brief-models']);
      await screenshot(page, `brief-${short}-print`);
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdfPages(pdf)).toBeGreaterThanOrEqual(4);
      await page.emulateMedia({ media: 'screen' });
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('gives the national brief: leading provinces, top candidates, models that spread, completeness', async () => {
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/brief?lang=en`);
    expect(await ready(page)).toBe(2);
    expect(await page.textContent('h1')).toBe('National brief');
    const got = await sections(page, NATIONAL_SECTIONS);
    expect(got.map((s) => s.heading)).toEqual([
      'Headline figures',
      'Across the provinces',
      'Leading provinces on each index',
      'Top candidate cells',
      'Models that spread best',
      'Data completeness',
    ]);
    for (const s of got) expect(s.text, s.id).toBeGreaterThan(20);
    expect(await page.locator('[data-testid=brief-peers]').count()).toBe(0);
    // five leading provinces on each of the four indexes, and candidates of more than one province
    expect(await page.locator('[data-testid=brief-ranks] li').count()).toBe(20);
    const names = await page.$$eval('[data-testid=brief-candidates-table] tbody tr td:nth-child(2)', (tds) =>
      tds.map((td) => td.textContent!.split('×')[0]!.trim()),
    );
    expect(names.length).toBe(10);
    expect(new Set(names).size).toBeGreaterThan(1);
    expect(await chineseText(page)).toEqual([]);
    await page.emulateMedia({ media: 'print' });
    expect(pdfPages(await page.pdf({ format: 'A4' }))).toBeGreaterThanOrEqual(3);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says so, section by section, when the period holds no data', async () => {
    const { page, errors } = await openPage(
      env.ctx,
      `${env.atlas.base}/brief?region=510000&from=2020-01&to=2020-06&lang=en`,
    );
    await waitForData(page, 60_000);
    const empty = await page.$$eval('[data-testid=brief-empty]', (els) =>
      els.map((e) => [e.closest('section')!.getAttribute('data-testid'), e.textContent!.trim()]),
    );
    expect(Object.fromEntries(empty)).toMatchObject({
      'brief-headline': 'No data for this region in the period.',
      'brief-map': 'No province has data in the period.',
      'brief-ranks': 'No index could be ranked.',
      'brief-candidates': 'This region has no candidate cells in the period.',
    });
    // completeness covers every month of the data, whatever the period: still filled
    expect(await page.locator('[data-testid=brief-completeness] [data-testid=brief-empty]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('is linked from the map and Compare for the selected province, keeping the selection and the language', async () => {
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/map?region=510000&lang=en`);
    await waitForData(page, 60_000);
    await page.click('[data-testid=map-brief]');
    await page.waitForURL(/\/brief\?/);
    expect(new URL(page.url()).searchParams.get('region')).toBe('510000');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    await ready(page);
    expect(await page.textContent('h1')).toBe('Region brief: Sichuan Province');
    // the national level is not a province: its brief is the country's
    await page.selectOption('[data-testid=brief-region]', '');
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'National brief');
    expect(new URL(page.url()).searchParams.get('region')).toBeNull();
    // Compare links the brief from "my region"'s chip
    await page.goto(`${env.atlas.base}/compare?region=440000&lang=en`);
    await waitForData(page, 60_000);
    await page.click('[data-testid=compare-mine] [data-testid=compare-brief]');
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Region brief: Guangdong Province');
    expect(new URL(page.url()).pathname).toBe('/brief');
    expect(errors).toEqual([]);
    await page.close();
  });
});
