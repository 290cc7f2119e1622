/**
 * The Rankings page in Chromium over a real server and the product's sample data: the weight sliders re-rank and the
 * copied link restores the view, a downloaded methodology uploads again, change arrows speak to screen readers, the
 * 558 cells scroll inside their card, and a bad weight in a link is explained. Screenshots land in tests/e2e/screenshots/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  leaderboard,
  openPage,
  renderCounts,
  screenshot,
  waitForCharts,
  waitForData,
  waitForRepaint,
} from './harness.ts';
import { useAtlasBrowser } from './suite.ts';

/** Move a range input to a value the way a drag ends: input events, then change. */
async function setSlider(page: Page, testid: string, value: number): Promise<void> {
  await page.$eval(
    `[data-testid=${testid}]`,
    (el, v) => {
      const input = el as HTMLInputElement;
      input.value = String(v);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
    value,
  );
}

describe('the rankings page in Chromium', () => {
  const env = useAtlasBrowser();

  it('says that no record falls in a period outside the data, on every page of the indicators, and that an index ties everyone (or candidates on demand), instead of ranking zeros', async () => {
    const { period } = (await (await fetch(`${env.atlas.base}/api/reference`)).json()) as {
      period: { first: string; last: string };
    };
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/?lang=en`);
    for (const p of ['/rankings', '/rankings?level=cell', '/candidates', '/compare', '/map?index=market-demand']) {
      await page.goto(`${env.atlas.base}${p}${p.includes('?') ? '&' : '?'}lang=en&from=2020-01&to=2020-06`);
      const box = await page.waitForSelector('[data-testid=state-outside]', { timeout: 30_000 });
      expect(await box.textContent()).toBe(
        'No registration or usage record falls in Jan 2020 – Jun 2020, so there are no indicators to show.',
      );
      const hint = await page.textContent('[data-testid=state-empty]');
      const month = (m: string) =>
        new Date(`${m}-01T00:00:00Z`).toLocaleDateString('en', { month: 'short', year: 'numeric', timeZone: 'UTC' });
      expect(hint).toContain(`The data cover ${month(period.first)} – ${month(period.last)}`);
      // no ranking of 31 provinces tied first at zero, no empty scatter
      expect(await page.$$('[data-testid=table-rankings] tbody tr')).toHaveLength(0);
      expect(await page.$('[data-testid=chart-quadrants]')).toBeNull();
    }
    // no usage in energy: every region scores the same on market demand, which ranks nothing
    for (const [p, testid] of [
      ['/rankings', 'rank-all-tied'],
      ['/map', 'map-all-tied'],
    ]) {
      await page.goto(`${env.atlas.base}${p}?lang=en&index=market-demand&sectors=OTH_ENERGY`);
      const tied = await page.waitForSelector(`[data-testid=${testid}]`, { timeout: 30_000 });
      expect(await tied.textContent()).toMatch(/scores? the same \(0\.5\) under the current filters/);
      if (p === '/rankings') expect(await page.$$('[data-testid=table-rankings] tbody tr')).toHaveLength(0);
    }
    // candidates in energy are told apart by supply alone, and the list says so (the default list does not)
    await page.goto(`${env.atlas.base}/candidates?lang=en&sectors=OTH_ENERGY`);
    const flat = await page.waitForSelector('[data-testid=candidates-flat-demand]', { timeout: 30_000 });
    expect(await flat.textContent()).toMatch(/^Market demand is the same for every cell here/);
    expect(await page.$$('[data-testid=table-candidates] tbody tr')).not.toHaveLength(0);
    expect(await page.$('[data-testid=quadrant-key]')).toBeNull();
    await page.goto(`${env.atlas.base}/candidates?lang=en`);
    await waitForData(page, 30_000);
    expect(await page.$('[data-testid^=candidates-flat]')).toBeNull();
    expect(await page.$('[data-testid=quadrant-key]')).not.toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a link to an index that does not exist says so and shows the default, without a failed request', async () => {
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/rankings?lang=en&index=no-such-index`);
    expect(await (await page.waitForSelector('[data-testid=index-unknown]', { timeout: 30_000 })).textContent()).toBe(
      'The link asks for an index "no-such-index" that does not exist; showing the Data Abundance Index instead.',
    );
    await waitForData(page, 30_000);
    expect(await page.$$('[data-testid=table-rankings] tbody tr')).not.toHaveLength(0);
    expect(await page.inputValue('[data-testid=rank-index]')).toBe('data-abundance');
    await page.goto(`${env.atlas.base}/map?lang=zh-CN&index=no-such-index`);
    expect(await (await page.waitForSelector('[data-testid=index-unknown]', { timeout: 30_000 })).textContent()).toBe(
      '链接中的指数“no-such-index”不存在，现显示所选度量。',
    );
    await waitForData(page, 30_000);
    expect(await page.inputValue('[data-testid=map-index]')).toBe('');
    // a known index from a link shows no such note
    await page.goto(`${env.atlas.base}/rankings?lang=en&index=market-demand`);
    await waitForData(page, 30_000);
    expect(await page.$('[data-testid=index-unknown]')).toBeNull();
    // before, the page asked the server for the unknown index first: a 404 in the console
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says how much of the previous period has data, and shows no rank changes where it has none or the index adds up flows over part of it', async () => {
    const { period } = (await (await fetch(`${env.atlas.base}/api/reference`)).json()) as { period: { first: string } };
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/rankings?lang=en`);
    await waitForData(page, 30_000);
    // the sample data start 8 months before the default window
    expect(await page.textContent('[data-testid=rank-period]')).toMatch(
      /compared with \w{3} \d{4} – \w{3} \d{4} \(8 of its months have data\)/,
    );
    const changes = () =>
      page.$$eval('[data-testid=table-rankings] tbody tr td:nth-child(2)', (tds) => [
        ...new Set(tds.map((td) => td.textContent?.trim())),
      ]);
    expect((await changes()).some((c) => c !== '—')).toBe(true);
    // the market demand index adds up calls over the period: 8 months of them are no comparison for 12
    await page.selectOption('[data-testid=rank-index]', 'market-demand');
    await page.waitForURL(/index=market-demand/);
    await page.waitForFunction(
      () => /totals over a period/.test(document.querySelector('[data-testid=rank-period]')?.textContent ?? ''),
      undefined,
      { timeout: 30_000 },
    );
    await waitForData(page, 30_000);
    expect(await page.textContent('[data-testid=rank-period]')).toMatch(
      /has data in only 8 of its months, and totals over a period \(Calls, .+\) cannot be compared with it, so there are no rank changes/,
    );
    expect(await changes()).toEqual(['—']);
    await page.click('[data-testid=preset-all]');
    await page.waitForURL(new RegExp(`from=${period.first}`));
    await waitForData(page, 30_000);
    expect(await page.textContent('[data-testid=rank-period]')).toMatch(
      /the previous period .* has no data, so there are no rank changes/,
    );
    expect(await changes()).toEqual(['—']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('moving a weight slider re-ranks the leaderboard, and the copied link restores index, level and weights', async () => {
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/rankings?lang=en&index=market-demand`);
    await waitForCharts(page, { timeout: 30_000 });
    await waitForData(page, 30_000);
    const before = await leaderboard(page);
    expect(before.length).toBeGreaterThanOrEqual(30);
    const painted = await renderCounts(page);
    // Demand on paid amount alone orders regions differently from calls, paid amount, users and growth together.
    for (const id of ['calls', 'users', 'growth']) await setSlider(page, `weight-${id}`, 0);
    await page.waitForURL(/weights=/);
    await waitForRepaint(page, painted, 30_000);
    await waitForData(page, 30_000);
    const after = await leaderboard(page);
    expect(after).not.toEqual(before);
    expect(new URL(page.url()).searchParams.get('weights')).toBe('calls:0,users:0,growth:0');
    // Sliders replace the history entry rather than adding one per step.
    await page.selectOption('[data-testid=rank-level]', 'sector');
    await page.waitForURL(/level=sector/);
    await waitForData(page, 30_000);
    const sectors = await leaderboard(page);
    expect(sectors.length).toBeGreaterThanOrEqual(12);
    expect(sectors).not.toEqual(after.slice(0, sectors.length));
    await screenshot(page, 'rankings-weights-en');

    const copy = await openPage(env.ctx, page.url());
    await waitForCharts(copy.page, { timeout: 30_000 });
    await waitForData(copy.page, 30_000);
    expect(await copy.page.inputValue('[data-testid=rank-index]')).toBe('market-demand');
    expect(await copy.page.inputValue('[data-testid=rank-level]')).toBe('sector');
    expect(Number(await copy.page.inputValue('[data-testid=weight-calls]'))).toBe(0);
    expect(Number(await copy.page.inputValue('[data-testid=weight-paid]'))).toBe(1);
    expect(await leaderboard(copy.page)).toEqual(sectors);

    await copy.page.click('[data-testid=weights-reset]');
    await copy.page.waitForURL((u) => !u.searchParams.has('weights'));
    expect([...errors, ...copy.errors]).toEqual([]);
    await page.close();
    await copy.page.close();
  });
  it('shows the ranking before its draws are done, then the intervals, with the same order', async () => {
    const { page, errors } = await openPage(env.ctx, 'about:blank');
    // hold the full answer (with its 1,000 draws) until the page has shown the ranking alone
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(
      (url) => url.pathname === '/api/rankings' && url.searchParams.get('draws') !== '0',
      async (route) => {
        await held;
        await route.continue();
      },
    );
    await page.goto(`${env.atlas.base}/rankings?lang=en&index=market-demand&level=cell&weights=growth:2`);
    await page.waitForSelector('[data-testid=rank-band-pending]', { timeout: 30_000 });
    expect(await page.getAttribute('[data-testid=page-rankings]', 'data-state')).toBe('loading');
    expect(await page.textContent('[data-testid=rank-band-pending]')).toContain('Computing the rank intervals');
    // the band chart stays on the page with the ranks alone (a chart made anew would lay the whole page out again)
    const band = await page.waitForSelector('[data-testid=chart-rank-band][data-rendered]:not([data-rendered="0"])');
    const first = await leaderboard(page);
    expect(first.length).toBeGreaterThan(500);
    const intervals = page.locator('[data-testid=table-rankings] tbody tr td:nth-child(6)');
    expect(new Set(await intervals.allTextContents())).toEqual(new Set(['…']));
    await screenshot(page, 'rankings-draws-pending-en');

    release();
    await waitForData(page, 30_000);
    expect(await page.$('[data-testid=rank-band-pending]')).toBeNull();
    expect(await band.evaluate((el) => el.isConnected)).toBe(true);
    expect(await leaderboard(page)).toEqual(first);
    expect((await intervals.allTextContents()).filter((t) => /^\d+–\d+$/.test(t)).length).toBeGreaterThan(500);
    expect(errors).toEqual([]);
    await page.close();
  });
  it('a downloaded methodology uploads again as the same view; a spec of its own is scored through /api/composite', async () => {
    const { page, errors } = await openPage(
      env.ctx,
      `${env.atlas.base}/rankings?lang=en&index=market-demand&weights=paid:2&norm=rank`,
    );
    await waitForCharts(page, { timeout: 30_000 });
    await waitForData(page, 30_000);
    const shown = await leaderboard(page);
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=spec-download]')]);
    const saved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-spec-')), 'spec.json');
    await file.saveAs(saved);
    const spec = JSON.parse(fs.readFileSync(saved, 'utf8'));
    expect(spec.id).toBe('market-demand');
    const paid = spec.tree.children.find((c: { id: string }) => c.id === 'paid');
    expect(paid.weight).toBe(2);
    expect(paid.normalize).toEqual({ method: 'rank' });

    // Back to the defaults, then the file brings the edits back into the URL.
    const fresh = await openPage(env.ctx, `${env.atlas.base}/rankings?lang=en`);
    await waitForData(fresh.page, 30_000);
    await fresh.page.setInputFiles('[data-testid=spec-upload]', saved);
    await fresh.page.waitForURL(/index=market-demand/);
    expect(new URL(fresh.page.url()).searchParams.get('weights')).toBe('paid:2');
    expect(new URL(fresh.page.url()).searchParams.get('norm')).toBe('rank');
    await waitForData(fresh.page, 30_000);
    await fresh.page.waitForFunction(
      () => document.querySelectorAll('[data-testid=table-rankings] tbody tr').length >= 30,
    );
    expect(await leaderboard(fresh.page)).toEqual(shown);

    // A methodology of one's own: calls only, scored as uploaded.
    const own = path.join(path.dirname(saved), 'calls-only.json');
    fs.writeFileSync(
      own,
      JSON.stringify({
        id: 'calls-only',
        title: 'Calls only',
        entity: 'entity',
        tree: { id: 'c', title: 'Calls', column: 'calls' },
      }),
    );
    await fresh.page.setInputFiles('[data-testid=spec-upload]', own);
    await fresh.page.waitForSelector('[data-testid=spec-note]');
    expect(await fresh.page.textContent('[data-testid=spec-note]')).toContain('Calls only');
    await fresh.page.waitForFunction(
      () =>
        document.querySelector('[data-testid=table-rankings] thead')?.textContent?.includes('Score') &&
        !document.querySelector('[data-testid=chart-rank-band]'),
    );
    await waitForData(fresh.page, 30_000);
    expect((await leaderboard(fresh.page)).length).toBeGreaterThanOrEqual(30);
    await waitForCharts(fresh.page, { timeout: 30_000 });
    expect(await fresh.page.locator('figure.chart').count()).toBe(1);
    await screenshot(fresh.page, 'rankings-custom-en');

    // A file that is not a spec says why.
    const bad = path.join(path.dirname(saved), 'bad.json');
    fs.writeFileSync(bad, '{"id": "x"}');
    await fresh.page.setInputFiles('[data-testid=spec-upload]', bad);
    await fresh.page.waitForFunction(() =>
      document.querySelector('[data-testid=spec-note]')?.textContent?.includes('bad.json'),
    );
    expect(await fresh.page.textContent('[data-testid=spec-note]')).toContain('no "tree"');
    fs.rmSync(path.dirname(saved), { recursive: true, force: true });
    expect([...errors, ...fresh.errors]).toEqual([]);
    await page.close();
    await fresh.page.close();
  });
  it('rankings: change arrows are green up, red down, and say so to a screen reader', async () => {
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/rankings?lang=en`);
    await waitForData(page, 30_000);
    await page.waitForSelector('[data-testid=table-rankings] tbody tr');
    const cells = await page.$$eval('[data-testid=table-rankings] tbody td:nth-child(2)', (tds) =>
      tds.map((td) => ({
        cls: td.className,
        color: getComputedStyle(td).color,
        shown: td.querySelector('[aria-hidden]')?.textContent ?? td.textContent,
        spoken: td.querySelector('.sr')?.textContent ?? '',
      })),
    );
    const up = cells.filter((c) => c.shown?.startsWith('▲'));
    const down = cells.filter((c) => c.shown?.startsWith('▼'));
    expect(up.length).toBeGreaterThan(0);
    expect(down.length).toBeGreaterThan(0);
    for (const c of up)
      expect(c).toMatchObject({
        color: 'rgb(26, 127, 75)',
        spoken: expect.stringMatching(/^rank up \d+ since the previous period$/),
      });
    for (const c of down)
      expect(c).toMatchObject({
        color: 'rgb(192, 57, 43)',
        spoken: expect.stringMatching(/^rank down \d+ since the previous period$/),
      });
    expect(errors).toEqual([]);
    await page.close();
  });
  it('rankings of the 558 cells (31 provinces × 18 sectors): the leaderboard scrolls inside its card, and the page does not grow with it', async () => {
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/rankings?lang=en&level=cell`);
    await waitForData(page, 30_000);
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid=table-rankings] tbody tr').length === 558,
      undefined,
      { timeout: 30_000 },
    );
    const { doc, body, table } = await page.evaluate(() => ({
      doc: document.documentElement.scrollHeight,
      body: document.body.scrollHeight,
      table:
        document.querySelector('[data-testid=table-rankings] .scroll')!.getBoundingClientRect().bottom + window.scrollY,
    }));
    // the screen-reader text of each row once escaped the scroll box and stretched the page to 17,624 px
    expect(doc).toBeLessThanOrEqual(body + 1);
    expect(doc).toBeLessThan(table + 200);
    expect(errors).toEqual([]);
    await page.close();
  });
  it('a link with weights for a node the index does not have says so, and resetting recovers', async () => {
    const { page } = await openPage(env.ctx, `${env.atlas.base}/rankings?lang=en&index=market-demand&weights=nope:1`);
    await page.waitForSelector('[data-testid=state-error]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid=state-error]')).toContain(
      'no node "nope" in methodology "market-demand"',
    );
    await page.click('[data-testid=weights-reset]');
    await page.waitForURL((u) => !u.searchParams.has('weights'));
    await waitForData(page, 30_000);
    await waitForCharts(page, { timeout: 30_000 });
    expect(await page.locator('[data-testid=state-error]').count()).toBe(0);
    await page.close();
  });
});
