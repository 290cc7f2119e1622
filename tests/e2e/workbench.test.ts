import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chineseText, openPage, overflows, paintedPixels, screenshot, waitForCharts } from './harness.ts';
import { useAtlasBrowser } from './suite.ts';

/** Replace the editor's text by typing, as a user would (CodeMirror reacts to real key events). */
async function typeSql(page: Page, text: string): Promise<void> {
  await page.click('[data-testid=sql-input]');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text, { delay: 5 });
}

/** Run with Ctrl+Enter and wait until that run has finished (the page counts finished runs in data-runs). */
async function runAndWait(page: Page): Promise<void> {
  const before = Number(await page.getAttribute('[data-testid=page-sql]', 'data-runs'));
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid=page-sql]')?.getAttribute('data-runs')) > n,
    before,
    { timeout: 30_000 },
  );
}

describe('SQL workbench in Chromium', () => {
  const env = useAtlasBrowser();

  it('completes a table name from the schema, runs with Ctrl+Enter, shows the grid and a chart', async () => {
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/sql`);
    await page.waitForSelector('[data-testid=schema-tree] li');
    await typeSql(page, 'SELECT provider_region_code, sum(calls) AS calls FROM rollup_usage_m');
    const option = page.locator('.cm-tooltip-autocomplete li', { hasText: 'rollup_usage_month' });
    await option.waitFor();
    await page.waitForTimeout(200); // CodeMirror ignores keys for 75 ms after the list opens (interactionDelay)
    await page.keyboard.press('Enter');
    await page.keyboard.type(' GROUP BY 1 ORDER BY 2 DESC', { delay: 5 });
    expect(await page.textContent('[data-testid=sql-input]')).toContain('FROM rollup_usage_month GROUP BY 1');
    await runAndWait(page);
    const err = await page
      .locator('[data-testid=sql-error]')
      .textContent({ timeout: 1000 })
      .catch(() => null);
    expect(err).toBeNull();
    const rows = Number(await page.getAttribute('[data-testid=result-grid]', 'data-rows'));
    expect(rows).toBeGreaterThan(5);
    expect(await page.textContent('[data-testid=run-status]')).toMatch(/\d+ 行/);
    // the statement is in the URL, so the link opens it again
    await page.waitForFunction(() => new URL(location.href).searchParams.get('q')?.includes('rollup_usage_month'));

    await page.click('[data-testid=view-chart]');
    expect(await waitForCharts(page)).toBe(1);
    const painted = await paintedPixels(page);
    expect(Object.values(painted)[0]).toBeGreaterThan(5_000);
    await page.waitForTimeout(300);
    await screenshot(page, 'sql-zh-CN');
    await page.click('[data-testid=tab-saved]');
    await page.waitForSelector('[data-testid=examples] li');
    expect(await page.locator('[data-testid=examples] li').count()).toBeGreaterThanOrEqual(6);
    await screenshot(page, 'sql-saved-zh-CN');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('completes DuckDB function names with their description, and leaves out the file readers', async () => {
    const { page } = await openPage(env.ctx, `${env.atlas.base}/sql?lang=en`);
    await page.waitForSelector('[data-testid=schema-tree] li');
    await typeSql(page, 'SELECT quantile_co');
    const fn = page.locator('.cm-tooltip-autocomplete li', { hasText: 'quantile_cont' });
    await fn.waitFor();
    await page.waitForTimeout(600); // past the moment the text reaches the URL, which must not close the list
    await page.keyboard.press('Enter');
    expect(await page.textContent('[data-testid=sql-input]')).toBe('SELECT quantile_cont');
    await typeSql(page, 'SELECT * FROM read_cs');
    await page.waitForTimeout(500);
    expect(await page.locator('.cm-tooltip-autocomplete li', { hasText: 'read_csv' }).count()).toBe(0);
    await page.close();
  });

  it('shows a position for errors, and a shared link opens the same statement in English', async () => {
    const sql = 'SELECT name_en_short, pop_2020 FROM ref_region WHERE is_province ORDER BY pop_2020 DESC';
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/sql?lang=en&q=${encodeURIComponent(sql)}`);
    await page.waitForSelector('[data-testid=schema-tree] li');
    expect(await page.textContent('[data-testid=sql-input]')).toBe(sql);
    await page.click('[data-testid=run]');
    await page.waitForSelector('[data-testid=page-sql][data-runs="1"]');
    expect(await page.getAttribute('[data-testid=result-grid]', 'data-rows')).toBe('31');
    await page.click('[data-testid=view-chart]');
    await waitForCharts(page);
    await page.waitForTimeout(300);
    await screenshot(page, 'sql-en');
    expect(await chineseText(page), 'Chinese text left in English mode').toEqual([]);

    await typeSql(page, 'SELECT calls,\n  nope FROM usage');
    await runAndWait(page);
    expect(await page.textContent('[data-testid=sql-error]')).toMatch(/nope[\s\S]*line 2, column 3/);
    await screenshot(page, 'sql-error-en');
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
    await page.close();
  });

  it('cancels a long query and stays usable', async () => {
    const { page } = await openPage(env.ctx, `${env.atlas.base}/sql?lang=en`);
    await page.waitForSelector('[data-testid=schema-tree] li');
    await typeSql(page, 'SELECT count(*) FROM range(1000000000000) a, range(1000) b');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('[data-testid=cancel]');
    await page.waitForFunction(() =>
      /Running… [\d.]+ (ms|s)/.test(document.querySelector('[data-testid=run-status]')?.textContent ?? ''),
    );
    const t0 = Date.now();
    await page.click('[data-testid=cancel]');
    await page.waitForSelector('[data-testid=sql-error]', { timeout: 10_000 });
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(await page.textContent('[data-testid=sql-error]')).toMatch(/cancelled/);
    await typeSql(page, 'SELECT 42 AS answer');
    await runAndWait(page);
    expect(await page.getAttribute('[data-testid=result-grid]', 'data-rows')).toBe('1');
    await page.close();
  });

  it('scrolls 100,000 rows with only the visible ones in the page, and says when the cap was hit', async () => {
    const { page } = await openPage(env.ctx, `${env.atlas.base}/sql?lang=en`);
    await page.waitForSelector('[data-testid=schema-tree] li');
    await page.selectOption('[data-testid=limit]', '100000');
    await typeSql(page, "SELECT i, 'row ' || i AS label, i * 0.5 AS half FROM range(150000) t(i) ORDER BY i");
    await runAndWait(page);
    await page.waitForSelector('[data-testid=capped]');
    expect(await page.getAttribute('[data-testid=result-grid]', 'data-rows')).toBe('100000');
    expect(await page.locator('[data-testid=result-grid] [role=row]').count()).toBeLessThan(80);
    const ms = await page.evaluate(async () => {
      const grid = document.querySelector('[data-testid=result-grid]')!;
      const t0 = performance.now();
      grid.scrollTop = grid.scrollHeight;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return performance.now() - t0;
    });
    expect(ms).toBeLessThan(500);
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid=result-grid] [role=cell]')].some(
        (c) => c.textContent === 'row 99999',
      ),
    );
    await page.close();
  });

  it('exports the full result as CSV', async () => {
    const { page } = await openPage(env.ctx, `${env.atlas.base}/sql?lang=en`);
    await page.waitForSelector('[data-testid=schema-tree] li');
    await typeSql(page, 'SELECT region_code, name_en_short FROM ref_region ORDER BY region_code');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
    // named after the first table the query reads, then the time
    expect(download.suggestedFilename()).toMatch(/^ref_region_\d{4}-\d\d-\d\dT\d{4}\.csv$/);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    const lines = text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('region_code,name_en_short');
    expect(lines).toHaveLength(34);
    expect(lines[1]).toBe('000000,National');
    await page.close();
  });

  it('saves a query in the database and lists it under My queries', async () => {
    const { page } = await openPage(env.ctx, `${env.atlas.base}/sql?lang=en`);
    await page.waitForSelector('[data-testid=schema-tree] li');
    await typeSql(page, 'SELECT count(*) AS registrations FROM registration');
    await page.click('[data-testid=save]');
    await page.fill('[data-testid=save-title]', 'Registrations so far');
    await page.click('[data-testid=save-submit]');
    await page.waitForSelector('[data-testid=my-queries] >> text=Registrations so far');
    await screenshot(page, 'sql-saved-en');
    expect(await chineseText(page), 'Chinese text left in English mode').toEqual([]);
    const saved = (await (await fetch(`${env.atlas.base}/api/sql/saved`)).json()) as {
      saved: { title: string; sql: string }[];
    };
    expect(saved.saved).toContainEqual(
      expect.objectContaining({
        title: 'Registrations so far',
        sql: 'SELECT count(*) AS registrations FROM registration',
      }),
    );
    await page.close();
  });

  // month × sector: one line per sector, then stacked bars, and the picture carries the query
  const SPLIT_SQL = `SELECT period_month AS month, sector_code, sum(calls) AS calls
FROM rollup_usage_month WHERE sector_code IN ('DEX01', 'DEX02', 'DEX05') GROUP BY ALL ORDER BY ALL`;

  /** The option ECharts is drawing in the quick chart. */
  const chartOption = (page: Page) =>
    page.$eval('[data-testid=quick-chart-canvas] .canvas', (el) => {
      const o = (el as unknown as { echarts: { getOption(): Record<string, unknown> } }).echarts.getOption() as {
        series: { type: string; name: string; stack?: string; data: unknown[] }[];
      };
      return o.series.map((s) => ({ type: s.type, name: s.name, stack: s.stack ?? null, points: s.data.length }));
    });

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`splits a chart into one series per sector, stacks it and exports it with its query (${lang})`, async () => {
      const q = lang === 'en' ? 'lang=en&' : '';
      const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/sql?${q}q=${encodeURIComponent(SPLIT_SQL)}`);
      await page.waitForSelector('[data-testid=schema-tree] li');
      await page.click('[data-testid=run]');
      await page.waitForSelector('[data-testid=page-sql][data-runs="1"]');
      await page.click('[data-testid=view-chart]');
      await waitForCharts(page);
      // a date axis reads as a line by default
      expect(await page.inputValue('[data-testid=chart-type]')).toBe('line');
      await page.selectOption('[data-testid=chart-split]', 'sector_code');
      await page.waitForSelector('[data-testid=quick-chart][data-series="3"]');
      await page.waitForTimeout(400);
      const lines = await chartOption(page);
      expect(lines.map((l) => [l.type, l.name])).toEqual([
        ['line', 'DEX01'],
        ['line', 'DEX02'],
        ['line', 'DEX05'],
      ]);
      const months = lines[0].points;
      expect(months).toBeGreaterThan(6);
      expect(Object.values(await paintedPixels(page))[0]).toBeGreaterThan(5_000);
      expect(await overflows(page)).toEqual([]);
      await screenshot(page, `sql-split-${lang}`);

      await page.selectOption('[data-testid=chart-type]', 'stacked');
      await page.waitForTimeout(400);
      const bars = await chartOption(page);
      expect(bars.map((b) => [b.type, b.stack, b.points])).toEqual([
        ['bar', 'all', months],
        ['bar', 'all', months],
        ['bar', 'all', months],
      ]);
      expect(Object.values(await paintedPixels(page))[0]).toBeGreaterThan(5_000);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('[data-testid=quick-chart-canvas] [data-testid=export-png]'),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.png$/);
      expect(fs.statSync((await download.path())!).size).toBeGreaterThan(10_000);
      const drawn = await page.$eval(
        '[data-testid=quick-chart-canvas] .canvas',
        (el) => (el as unknown as { lastExport: { texts: string[] } }).lastExport,
      );
      const caption = drawn.texts.join(' ');
      expect(caption).toContain(
        lang === 'en' ? 'Query: SELECT period_month AS month' : '查询：SELECT period_month AS month',
      );
      expect(caption).toContain("sector_code IN ('DEX01', 'DEX02', 'DEX05')");
      if (lang === 'en') expect(await chineseText(page), 'Chinese text left in English mode').toEqual([]);
      await screenshot(page, `sql-stacked-${lang}`);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('opens a shared link without running it, and runs it only on Run', async () => {
    const sql = 'SELECT count(*) AS provinces FROM ref_region WHERE is_province';
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/sql?lang=en&q=${encodeURIComponent(sql)}`);
    await page.waitForSelector('[data-testid=schema-tree] li');
    expect(await page.textContent('[data-testid=sql-input]')).toBe(sql);
    await page.waitForTimeout(1_500);
    expect(await page.getAttribute('[data-testid=page-sql]', 'data-runs')).toBe('0');
    expect(await page.locator('[data-testid=result-grid]').count()).toBe(0);
    expect(await page.textContent('[data-testid=not-run]')).toMatch(/opened from a link: press Run/i);
    await page.click('[data-testid=run]');
    await page.waitForSelector('[data-testid=page-sql][data-runs="1"]');
    expect(await page.getAttribute('[data-testid=result-grid]', 'data-rows')).toBe('1');

    // the history shows the run's status, rows and time, and numbers an edited version
    await typeSql(page, `${sql} AND region4 = 'EAST'`);
    await runAndWait(page);
    await page.click('[data-testid=tab-history]');
    const first = page.locator('[data-testid=history] li').first();
    expect(await first.locator('[data-testid=history-status]').textContent()).toBe('ok');
    expect(await first.locator('[data-testid=history-version]').textContent()).toBe('v2');
    expect(await first.locator('[data-testid=history-change]').textContent()).toContain("AND region4 = 'EAST'");
    expect(await first.textContent()).toMatch(/1 rows/);
    await typeSql(page, 'SELECT nope');
    await runAndWait(page);
    expect(await page.locator('[data-testid=history] li').first().getAttribute('data-status')).toBe('error');
    // the error says what happened in English, with no raw code
    const error = await page.textContent('[data-testid=sql-error]');
    expect(error).toMatch(/^The query failed\./);
    expect(error).not.toMatch(/sql_error|400/);
    await screenshot(page, 'sql-history-en');
    expect(await chineseText(page), 'Chinese text left in English mode').toEqual([]);
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
    await page.close();
  });

  it('gives a saved query with parameters an input per parameter and runs with their values', async () => {
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/sql`);
    await page.waitForSelector('[data-testid=schema-tree] li');
    await typeSql(
      page,
      'SELECT region_code, name_en_short FROM ref_region WHERE ($region IS NULL OR region_code = $region) AND sort_order >= $from ORDER BY region_code',
    );
    await page.waitForSelector('[data-testid=param-region]');
    expect(await page.locator('[data-testid=params] input').count()).toBe(2);
    await page.fill('[data-testid=param-region]', '330000');
    await page.fill('[data-testid=param-from]', '0');
    await runAndWait(page);
    expect(await page.getAttribute('[data-testid=result-grid]', 'data-rows')).toBe('1');
    // an empty value is NULL: the filter falls away
    await page.fill('[data-testid=param-region]', '');
    await runAndWait(page);
    expect(Number(await page.getAttribute('[data-testid=result-grid]', 'data-rows'))).toBeGreaterThan(30);

    await page.click('[data-testid=save]');
    await page.fill('[data-testid=save-title]', '按地区查询');
    await page.click('[data-testid=save-submit]');
    await page.waitForSelector('[data-testid=my-queries] >> text=按地区查询');
    const item = page.locator('[data-testid=my-queries] li', { hasText: '按地区查询' });
    expect(await item.locator('[data-testid=saved-params]').textContent()).toContain('$region $from');
    await screenshot(page, 'sql-params-zh-CN');

    // saving the same title again is refused in Chinese, without the code
    await page.click('[data-testid=save]');
    await page.fill('[data-testid=save-title]', '按地区查询');
    await page.locator('[data-testid=save-form] button', { hasText: '另存为新查询' }).click();
    const refused = await page.locator('[data-testid=save-error]').textContent();
    expect(refused).toContain('标题已被使用');
    expect(refused).not.toContain('saved_query_title_taken');

    // opened from the list in a new page, the saved query shows its inputs again
    const again = await openPage(env.ctx, `${env.atlas.base}/sql`);
    await again.page.click('[data-testid=tab-saved]');
    await again.page.click('[data-testid=my-queries] >> text=按地区查询');
    await again.page.waitForSelector('[data-testid=param-from]');
    expect(await again.page.getAttribute('[data-testid=page-sql]', 'data-runs')).toBe('0');
    // exported, the file is named after the saved query
    const [download] = await Promise.all([
      again.page.waitForEvent('download'),
      again.page.click('[data-testid=export-csv]'),
    ]);
    expect(download.suggestedFilename()).toMatch(/^按地区查询_\d{4}-\d\d-\d\dT\d{4}\.csv$/);
    await again.page.close();
    expect(errors.filter((e) => !e.includes('409'))).toEqual([]);
    await page.close();
  });
});
