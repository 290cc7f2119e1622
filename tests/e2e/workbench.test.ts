import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chineseText, openPage, paintedPixels, screenshot, waitForCharts } from './harness.ts';
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
    expect(download.suggestedFilename()).toMatch(/^atlas-query-\d+\.csv$/);
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
});
