/**
 * The indicator pages (Rankings, Candidates, Compare, Models, and the heatmap and map views of the indices) in Chromium
 * over a real server and database: each loads without console errors in both languages and paints every chart, the
 * views' interactions and links work, and English mode leaves no Chinese label. The Rankings page's own interactions
 * are in rankings.test.ts. Screenshots land in tests/e2e/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import {
  chineseText,
  leaderboard,
  openPage,
  overflows,
  paintedPixels,
  renderCounts,
  screenshot,
  waitForCharts,
  waitForData,
  waitForRepaint,
} from './harness.ts';
import { useAtlasBrowser } from './suite.ts';

const PAGES = [
  { path: '/rankings', name: 'rankings', charts: 2 },
  { path: '/candidates', name: 'candidates', charts: 2 },
  { path: '/compare', name: 'compare', charts: 2 },
  { path: '/models', name: 'models', charts: 2 },
];

describe('indicator pages in Chromium', () => {
  // The product's sample data (the harness default): scenarios in many provinces give the models page something to show.
  const env = useAtlasBrowser();

  for (const lang of ['zh-CN', 'en'] as const) {
    for (const p of PAGES) {
      it(`${p.name} (${lang}) loads without console errors and paints every chart`, async () => {
        const { page, errors } = await openPage(
          env.ctx,
          `${env.atlas.base}${p.path}${lang === 'en' ? '?lang=en' : ''}`,
        );
        await page.waitForSelector(`[data-testid=page-${p.name}] h1`);
        // Charts appear as their data arrives, so count them once every request has settled.
        await waitForData(page, 30_000);
        expect(await waitForCharts(page, { timeout: 30_000 })).toBe(p.charts);
        const painted = await paintedPixels(page);
        for (const [id, n] of Object.entries(painted)) expect(n, `${id} painted pixels`).toBeGreaterThan(5_000);
        await page.waitForTimeout(400);
        await screenshot(page, `${p.name}-${lang}`);
        if (lang === 'en') expect(await chineseText(page), 'Chinese text left in English mode').toEqual([]);
        else expect((await chineseText(page)).length).toBeGreaterThan(10);
        expect(errors).toEqual([]);
        await page.close();
      });
    }
  }

  it('a candidate picked in the list shows its evidence, and the link keeps it', async () => {
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/candidates?lang=en`);
    await waitForCharts(page, { timeout: 30_000 });
    await waitForData(page, 30_000);
    const first = await page.textContent('[data-testid=candidate-detail] h2');
    // every column of the list, the reasons last, fits its card at 1,400 px: no sideways scrolling
    const overflow = await page.$eval(
      '[data-testid=table-candidates] .scroll',
      (el) => el.scrollWidth - el.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const second = page.locator('[data-testid=table-candidates] tbody tr').nth(1);
    const name = (await second.locator('td').nth(1).textContent())!;
    await second.click();
    await page.waitForURL(/cell=/);
    expect(await page.textContent('[data-testid=candidate-detail] h2')).toBe(`Evidence: ${name}`);
    expect(`Evidence: ${name}`).not.toBe(first);
    expect(await page.locator('[data-testid=table-resources] tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=table-authorizations] tbody tr').count()).toBeGreaterThan(0);
    const copy = await openPage(env.ctx, page.url());
    await copy.page.waitForSelector('[data-testid=candidate-detail]', { timeout: 30_000 });
    expect(await copy.page.textContent('[data-testid=candidate-detail] h2')).toBe(`Evidence: ${name}`);
    expect([...errors, ...copy.errors]).toEqual([]);
    await page.close();
    await copy.page.close();
  });
  it('candidates: "at most per sector" spreads the shortlist across sectors, keeps national ranks and the link', async () => {
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/candidates?lang=en`);
    await waitForData(page, 30_000);
    const sectors = async () =>
      (await page.locator('[data-testid=table-candidates] tbody tr td:nth-child(2)').allTextContents()).map(
        (cell) => cell.split(' × ')[1],
      );
    const before = await sectors();
    expect(new Set(before).size).toBeLessThan(before.length); // the default list repeats a sector
    await page.selectOption('[data-testid=candidates-per-sector]', '1');
    await page.waitForURL(/per_sector=1/);
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll('[data-testid=table-candidates] tbody tr td:nth-child(2)')];
      const names = cells.map((c) => c.textContent!.split(' × ')[1]);
      return names.length > 0 && new Set(names).size === names.length;
    });
    const ranks = (await page.locator('[data-testid=table-candidates] tbody tr td:nth-child(1)').allTextContents()).map(
      Number,
    );
    expect(ranks[0]).toBe(1);
    expect(ranks.some((r, i) => r > i + 1)).toBe(true); // national ranks, with the gaps of the cells left out
    const copy = await openPage(env.ctx, page.url());
    await waitForData(copy.page, 30_000);
    expect(await copy.page.inputValue('[data-testid=candidates-per-sector]')).toBe('1');
    expect([...errors, ...copy.errors]).toEqual([]);
    await page.close();
    await copy.page.close();
  });
  for (const lang of ['zh-CN', 'en'] as const) {
    it(`candidates (${lang}): the robust shortlist, its tie group, the way out and the reasons in words`, async () => {
      const q = lang === 'en' ? '?lang=en' : '';
      const api = (await (await fetch(`${env.atlas.base}/api/candidates?limit=20`)).json()) as {
        robustness: {
          shortlist: unknown[];
          tie_groups: { cells: { entity: string }[] }[];
          alternatives: { kind: string }[];
        };
        candidates: { entity: string }[];
      };
      const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/candidates${q}`);
      await waitForCharts(page, { timeout: 30_000 });
      await waitForData(page, 30_000);
      const card = page.locator('[data-testid=robust-shortlist]');
      // the sample data's top 5 is not robust at 70 %: the page says so, names the tie group and links the way out
      expect(api.robustness.shortlist).toEqual([]);
      const none = (await card.locator('[data-testid=robust-none]').textContent())!;
      expect(none).toContain(
        lang === 'en' ? 'No cell is in the top 5 in at least 70%' : '没有单元在至少 70% 的抽样中进入前 5 名',
      );
      const tie = (await card.locator('[data-testid=tie-group]').textContent())!;
      const n = api.robustness.tie_groups[0].cells.length;
      expect(tie).toContain(lang === 'en' ? `These ${n} cells` : `这 ${n} 个单元`);
      for (const a of api.robustness.alternatives)
        expect(await card.locator(`[data-testid=robust-alt-${a.kind}]`).count()).toBe(1);
      // the reasons say where each cell stands out nationally, not contribution shares
      const reasons = await page.locator('[data-testid=table-candidates] tbody tr td:last-child').allTextContents();
      expect(reasons[0]).toMatch(lang === 'en' ? /nationally/ : /全国第 \d+/);
      expect(new Set(reasons).size).toBe(reasons.length);
      expect(await page.locator('[data-testid=candidate-reasons] li').count()).toBeGreaterThanOrEqual(2);
      for (const width of [1440, 1024]) {
        await page.setViewportSize({ width, height: width === 1440 ? 900 : 768 });
        await page.waitForTimeout(300);
        expect(await overflows(page), `candidates at ${width} px`).toEqual([]);
        await screenshot(page, `candidates-robust-${lang}-${width}`);
      }
      await page.setViewportSize({ width: 1400, height: 900 });
      // in more than half of the draws, two cells are in the top 5
      await page.selectOption('[data-testid=robust-share]', '0.5');
      await page.waitForURL(/robust_share=0\.5/);
      await waitForData(page, 30_000);
      await page.waitForSelector('[data-testid=robust-cells] li', { timeout: 30_000 });
      expect(await page.locator('[data-testid=robust-none]').count()).toBe(0);
      // the way out: one sector's cells are robust
      if (api.robustness.alternatives.some((a) => a.kind === 'sector')) {
        await page.goBack();
        await page.waitForSelector('[data-testid=robust-alt-sector]', { timeout: 30_000 });
        await page.click('[data-testid=robust-alt-sector]');
        await page.waitForURL(/sectors=DEX05/);
        await waitForData(page, 30_000);
        await page.waitForSelector('[data-testid=robust-cells] li', { timeout: 30_000 });
      }
      if (lang === 'en') expect(await chineseText(page), 'Chinese text left in English mode').toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
  it('compare: a "region like mine" is added with a click, and the copied link compares the same regions', async () => {
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/compare?lang=en&cmp=330000,510000`);
    await waitForCharts(page, { timeout: 30_000 });
    await waitForData(page, 30_000);
    expect(await page.locator('[data-testid=table-compare] thead th').allTextContents()).toEqual([
      'Indicator',
      'Zhejiang Province',
      'Sichuan Province',
    ]);
    const peer = page.locator('[data-testid=peers] button').first();
    const code = (await peer.getAttribute('data-testid'))!.replace('peer-', '');
    const painted = await renderCounts(page);
    await peer.click();
    await page.waitForURL(new RegExp(`cmp=330000,510000,${code}`));
    await waitForRepaint(page, painted, 30_000);
    await waitForData(page, 30_000);
    expect(await page.locator('[data-testid=table-compare] thead th').count()).toBe(4);
    expect(await page.locator('[data-testid=compare-regions] li').count()).toBe(3);
    const copy = await openPage(env.ctx, page.url());
    await waitForCharts(copy.page, { timeout: 30_000 });
    expect(await copy.page.locator('[data-testid=table-compare] thead th').allTextContents()).toEqual(
      await page.locator('[data-testid=table-compare] thead th').allTextContents(),
    );
    expect([...errors, ...copy.errors]).toEqual([]);
    await page.close();
    await copy.page.close();
  });
  for (const [lang, width] of [
    ['en', 1440],
    ['zh-CN', 1024],
  ] as const) {
    it(`compare: my region pinned first and labelled, six regions fit, weaknesses marked and first on request (${lang}, ${width} px)`, async () => {
      const { page, errors } = await openPage(
        env.ctx,
        `${env.atlas.base}/compare?lang=${lang}&region=510000&cmp=330000,440000,110000,310000,320000`,
      );
      await page.setViewportSize({ width, height: 900 });
      await waitForCharts(page, { timeout: 30_000 });
      await waitForData(page, 30_000);
      const heads = await page.locator('[data-testid=table-compare] thead th').allTextContents();
      expect(heads).toHaveLength(7);
      expect(heads[1]).toMatch(lang === 'en' ? /^Sichuan Province \(mine\)$/ : /^四川省（本地区）$/);
      expect(await page.locator('[data-testid=compare-regions] li').first().getAttribute('data-testid')).toBe(
        'compare-mine',
      );
      // six regions fit: the table does not scroll sideways
      const over = await page
        .locator('[data-testid=table-compare] .scroll')
        .evaluate((e) => e.scrollWidth - e.clientWidth);
      expect(over).toBeLessThanOrEqual(1);
      // Sichuan's column: its weak indicators are marked ▼, and "weakest first" puts a ▼ row at the top
      const mineCells = () => page.locator('[data-testid=table-compare] tbody tr td:nth-child(2)').allTextContents();
      const before = await mineCells();
      expect(before.some((c) => c.startsWith('▼') || c.startsWith('▲'))).toBe(true);
      await page.click('[data-testid=compare-weak-first]');
      await page.waitForURL(/order=weak/);
      const after = await mineCells();
      expect([...after].sort()).toEqual([...before].sort());
      if (before.some((c) => c.startsWith('▼'))) expect(after[0]).toMatch(/^▼/);
      expect(after).not.toEqual(before);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, `compare-mine-${lang}-${width}`);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
  it('compare: the parallel-bars switch replaces the radar, is kept in the URL, and back brings the radar again', async () => {
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/compare?lang=en&cmp=330000,510000,440000`);
    await waitForData(page, 30_000);
    await waitForCharts(page, { timeout: 30_000 });
    expect(await page.locator('[data-testid=chart-compare-radar]').count()).toBe(1);
    // the switch is on the chart's title row, not above it
    expect(
      await page.locator('[data-testid=chart-compare-radar] figcaption [data-testid=compare-profile-bars]').count(),
    ).toBe(1);
    await page.click('[data-testid=compare-profile-bars]');
    await page.waitForURL(/profile=bars/);
    await waitForCharts(page, { timeout: 30_000 });
    expect(await page.locator('[data-testid=chart-compare-radar]').count()).toBe(0);
    expect(
      await page.locator('[data-testid=chart-compare-bars] figcaption [data-testid=compare-profile-radar]').count(),
    ).toBe(1);
    expect((await paintedPixels(page))['chart-compare-bars']).toBeGreaterThan(5_000);
    expect(await page.getAttribute('[data-testid=compare-profile-bars]', 'aria-pressed')).toBe('true');
    await screenshot(page, 'compare-bars-en');
    const copy = await openPage(env.ctx, page.url());
    await waitForCharts(copy.page, { timeout: 30_000 });
    expect(await copy.page.locator('[data-testid=chart-compare-bars]').count()).toBe(1);
    await page.goBack();
    await page.waitForSelector('[data-testid=chart-compare-radar]');
    expect([...errors, ...copy.errors]).toEqual([]);
    await page.close();
    await copy.page.close();
  });
  it('candidates: any point of the scatter opens its details, a candidate below the top 20 or a cell that is none', async () => {
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/candidates?lang=en`);
    await waitForData(page, 30_000);
    await waitForCharts(page, { timeout: 30_000 });
    const all = (await (await fetch(`${env.atlas.base}/api/candidates?limit=558`)).json()) as {
      candidates: { entity: string; rank: number }[];
    };
    const rankOf = new Map(all.candidates.map((c) => [c.entity, c.rank]));
    const listed = await page.locator('[data-testid=table-candidates] tbody tr').count();
    // The most isolated point of each kind, so the click cannot land on a neighbour; page coordinates.
    const target = async (kind: 'deep' | 'none') => {
      const cells = (
        (await (await fetch(`${env.atlas.base}/api/quadrants?format=json`)).json()) as {
          rows: { entity: string; z_abundance: number | null; z_demand: number | null }[];
        }
      ).rows.filter((c) => c.z_abundance !== null && c.z_demand !== null);
      const wanted = cells
        .map((c, i) => ({ ...c, i }))
        .filter((c) => (kind === 'deep' ? (rankOf.get(c.entity) ?? 0) > listed : !rankOf.has(c.entity)));
      return page.$eval(
        '[data-testid=chart-quadrants] .canvas',
        (el, { cells, wanted }) => {
          const chart = (el as unknown as { echarts: { convertToPixel(f: object, v: number[]): number[] } }).echarts;
          const px = cells.map((c) => chart.convertToPixel({ seriesIndex: 0 }, [c.z_abundance!, c.z_demand!]));
          let best = { entity: '', x: 0, y: 0, gap: -1 };
          for (const w of wanted) {
            const [x, y] = px[w.i];
            const gap = Math.min(...px.map(([a, b], j) => (j === w.i ? Infinity : Math.hypot(a - x, b - y))));
            if (gap > best.gap) best = { entity: w.entity, x, y, gap };
          }
          const box = el.getBoundingClientRect();
          return { ...best, x: box.left + best.x, y: box.top + best.y };
        },
        { cells, wanted },
      );
    };
    const deep = await target('deep');
    expect(deep.gap).toBeGreaterThan(6);
    const cellIs = (entity: string) =>
      page.waitForFunction((e) => new URL(location.href).searchParams.get('cell') === e, entity);
    await page.mouse.click(deep.x, deep.y);
    await cellIs(deep.entity);
    await waitForData(page, 30_000);
    await page.waitForSelector('[data-testid=table-resources]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid=candidate-detail] h2')).toMatch(/^Evidence: /);
    expect(await page.textContent('[data-testid=candidate-detail] .small')).toContain(
      `Rank ${rankOf.get(deep.entity)}`,
    );

    const none = await target('none');
    expect(none.gap).toBeGreaterThan(6);
    await page.mouse.click(none.x, none.y);
    await cellIs(none.entity);
    await page.waitForSelector('[data-testid=not-candidate]');
    expect(await page.locator('[data-testid=candidate-detail] dl.position dd').count()).toBe(3);
    await screenshot(page, 'candidates-not-candidate-en');
    expect(errors).toEqual([]);
    await page.close();
  });
  it('models: picking another model redraws its map and its targets', async () => {
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/models?lang=en`);
    await waitForCharts(page, { timeout: 30_000 });
    const rows = page.locator('[data-testid=table-models] tbody tr');
    expect(await rows.count()).toBeGreaterThan(1);
    const before = await page.textContent('[data-testid=model-selected]');
    const painted = await renderCounts(page);
    await rows.nth(1).click();
    await page.waitForURL(/model=/);
    await waitForRepaint(page, painted, 30_000);
    expect(await page.textContent('[data-testid=model-selected]')).not.toBe(before);
    expect(await page.locator('[data-testid=table-targets] tbody tr').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });
  for (const lang of ['en', 'zh-CN'] as const) {
    it(`models: a selected province leads with the models it could copy, best first (${lang})`, async () => {
      const q = lang === 'en' ? '&lang=en' : '';
      const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/models?region=510000${q}`);
      await waitForCharts(page, { timeout: 30_000 });
      const card = page.locator('[data-testid=models-to-copy]');
      expect(await card.locator('h2').textContent()).toBe(
        lang === 'en' ? 'Models Sichuan could copy' : '四川可借鉴的模式',
      );
      const standings = await card.locator('tbody tr td:nth-child(3)').allTextContents();
      expect(standings.length).toBeGreaterThan(1);
      const pattern = lang === 'en' ? /^candidate #(\d+) of \d+$/ : /^候选第 (\d+) 名 \/ 共 \d+ 个$/;
      const ranks = standings
        .map((s) => pattern.exec(s)?.[1])
        .filter((r) => r !== undefined)
        .map(Number);
      expect(ranks.length).toBeGreaterThan(0);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      // the candidates come before the models Sichuan already runs or succeeded with
      expect(standings.slice(0, ranks.length).every((s) => pattern.test(s))).toBe(true);
      await screenshot(page, `models-for-region-${lang}`);
      await card.locator('tbody tr').first().click();
      await page.waitForURL(/model=/);
      const picked = (await card.locator('tbody tr td:nth-child(1)').first().textContent())!;
      expect(await page.textContent('[data-testid=model-selected]')).toContain(picked);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
  it('the language switch translates every label of the indicator pages, charts included', async () => {
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/rankings`);
    await waitForData(page, 30_000);
    await waitForCharts(page, { timeout: 30_000 });
    expect((await chineseText(page)).length).toBeGreaterThan(20);
    const before = await renderCounts(page);
    await page.click('[data-testid=lang-en]');
    await page.waitForURL(/lang=en/);
    await waitForRepaint(page, before, 30_000);
    expect(await chineseText(page)).toEqual([]);
    // The charts' own text (axis names, legends) follows too: the ECharts option is rebuilt in English.
    const legend = await page.$eval('[data-testid=chart-rank-contrib] .canvas', (el) => {
      const chart = (el as unknown as { echarts: { getOption(): { series: { name: string }[] } } }).echarts;
      return chart.getOption().series.map((x) => x.name);
    });
    expect(legend.join(' ')).not.toMatch(/\p{Script=Han}/u);
    for (const name of ['candidates', 'compare', 'models']) {
      await page.click(`[data-testid=nav-${name}]`);
      await page.waitForSelector(`[data-testid=page-${name}]`);
      await waitForData(page, 30_000);
      await waitForCharts(page, { timeout: 30_000 });
      expect(await chineseText(page), name).toEqual([]);
    }
    expect(errors).toEqual([]);
    await page.close();
  });
  it('the heatmap names the quadrant of each cell, national ones for a selected province, and links to the candidates', async () => {
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/heatmap?lang=en`);
    await waitForData(page, 30_000);
    await page.waitForFunction(
      () => document.querySelector('[data-testid=quadrant-summary]')?.textContent?.includes('Breakthrough'),
      undefined,
      { timeout: 30_000 },
    );
    const quadrants = new Set(
      await page.locator('[data-testid=table-heatmap] tbody td:nth-child(4)').allTextContents(),
    );
    expect(
      [...quadrants].filter((q) => ['Breakthrough', 'Supply gap', 'Untapped', 'Latent'].includes(q)).length,
    ).toBeGreaterThan(1);
    // a province selected on the map keeps its cells' national quadrants (among its own cells alone, none could be classified)
    const national = (await (await fetch(`${env.atlas.base}/api/quadrants?format=json`)).json()) as {
      rows: { region_code: string; sector_code: string; quadrant: string | null }[];
    };
    const guangdong = national.rows.filter((r) => r.region_code === '440000');
    await page.goto(`${env.atlas.base}/heatmap?lang=en&region=440000`);
    await waitForData(page, 30_000);
    await page.waitForFunction(
      () => document.querySelector('[data-testid=quadrant-summary]')?.textContent?.includes('Breakthrough'),
      undefined,
      { timeout: 30_000 },
    );
    const summary = (await page.textContent('[data-testid=quadrant-summary]')) ?? '';
    expect(summary).toContain(`Breakthrough ${guangdong.filter((r) => r.quadrant === 'breakthrough').length}`);
    expect(
      new Set(await page.locator('[data-testid=table-heatmap] tbody td:nth-child(4)').allTextContents()).has(
        'Breakthrough',
      ),
    ).toBe(true);
    await page.click('[data-testid=quadrant-summary] a');
    await page.waitForSelector('[data-testid=page-candidates]');
    expect(errors).toEqual([]);
    await page.close();
  });
  it('the map shows a composite index by region, with ranks as on Rankings', async () => {
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/map?lang=en`);
    await waitForData(page, 30_000);
    await waitForCharts(page, { timeout: 30_000 });
    // one denominator: provinces ranked 1..n ≤ 31; the national level and XPCC listed unranked
    const measureRows = await page
      .locator('[data-testid=table-map] tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent!.trim())),
      );
    const ranked = measureRows.filter(([rank]) => rank !== '—').map(([rank]) => Number(rank));
    expect(Math.max(...ranked)).toBeLessThanOrEqual(31);
    expect(new Set(ranked).size).toBe(ranked.length);
    const national = measureRows.find(([, name]) => /^National/.test(name));
    if (national) expect(national[0]).toBe('—');
    const painted = await renderCounts(page);
    await page.selectOption('[data-testid=map-index]', 'market-demand');
    await page.waitForURL(/index=market-demand/);
    await waitForRepaint(page, painted, 30_000);
    await waitForData(page, 30_000);
    expect(await page.locator('[data-testid=measure]').count()).toBe(0);
    expect(await page.textContent('[data-testid=chart-map] figcaption')).toContain('Market Demand Index');
    const top = await page.locator('[data-testid=table-map] tbody tr').first().locator('td').allTextContents();
    const ranking = await (
      await fetch(`${env.atlas.base}/api/rankings?index=market-demand&level=region&draws=0`)
    ).json();
    expect(top[0]).toBe('1');
    expect(Number(top[2])).toBeCloseTo(ranking.rows[0].score, 3);
    const painted2 = await paintedPixels(page);
    expect(painted2['chart-map']).toBeGreaterThan(5_000);
    await screenshot(page, 'map-index-en');
    expect(await chineseText(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
  it('a province selected on the map narrows candidates to its cells with their national ranks, and rankings of regions still show all', async () => {
    const { page, errors } = await openPage(env.ctx, `${env.atlas.base}/candidates?lang=en&region=330000`);
    await waitForData(page, 30_000);
    await waitForCharts(page, { timeout: 30_000 });
    const names = await page.locator('[data-testid=table-candidates] tbody td:nth-child(2)').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n).toMatch(/^Zhejiang × /);
    const ranks = (await page.locator('[data-testid=table-candidates] tbody td:nth-child(1)').allTextContents()).map(
      Number,
    );
    const national = await (await fetch(`${env.atlas.base}/api/candidates?limit=558`)).json();
    expect(ranks).toEqual(
      national.candidates
        .filter((c: { region_code: string }) => c.region_code === '330000')
        .map((c: { rank: number }) => c.rank),
    );
    expect(await page.textContent('[data-testid=chart-quadrants] figcaption')).toMatch(/\b(1[0-8]|[1-9]) cells/);

    await page.click('[data-testid=nav-rankings]');
    await page.waitForSelector('[data-testid=page-rankings]');
    await waitForData(page, 30_000);
    expect((await leaderboard(page)).length).toBeGreaterThanOrEqual(30);
    expect(errors).toEqual([]);
    await page.close();
  });
});
