// The dashboard run on the shared real portal catalogue alone (no usage, no authorizations): the supply-side views
// must show the imported registrations by province and sector. Screenshots: tests/e2e/screenshots/portal-*.png.
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../server/db/query.ts';
import { ingestPortalCatalog, type PortalIngestSummary } from '../../server/ingest/portal/import-catalog.ts';
import { realDataOrWarn } from '../../server/test-support/realdata.ts';
import { openPage, paintedPixels, screenshot, waitForCharts } from './harness.ts';
import { useAtlasBrowser } from './suite.ts';

const realdata = realDataOrWarn('the portal dashboard test');
const CATALOG = realdata?.catalog ?? '';

const VIEWS = [
  { path: '/map?measure=registrations', name: 'map' },
  { path: '/heatmap?measure=registrations', name: 'heatmap' },
  { path: '/?top=registrations', name: 'overview' },
];

describe.skipIf(!realdata)('dashboard on the imported portal catalogue alone', () => {
  let summary: PortalIngestSummary;
  const env = useAtlasBrowser({
    seed: async (db) => {
      summary = await ingestPortalCatalog(db, { path: CATALOG });
    },
    timeout: 300_000,
  });

  it('serves per-province registrations equal to the imported records', async () => {
    expect(summary.status).toBe('COMMITTED');
    const api = await fetch(`${env.atlas.base}/api/dashboard/regions?measure=registrations&format=json`).then((r) =>
      r.json(),
    );
    const fromApi = Object.fromEntries(
      (api.rows as { region_code: string; raw: number }[]).filter((r) => r.raw > 0).map((r) => [r.region_code, r.raw]),
    );
    const db = await env.atlas.db.withConnection((con) =>
      queryRows(
        con,
        `SELECT region_code, count(DISTINCT asset_uid) AS n FROM registration WHERE registered_at IS NOT NULL GROUP BY region_code`,
      ),
    );
    expect(fromApi).toEqual(Object.fromEntries(db.map((r) => [r.region_code, r.n])));
    expect(Object.keys(fromApi)).toHaveLength(13);
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    for (const v of VIEWS) {
      it(`${v.name} (${lang}) paints the supply side without console errors`, async () => {
        const { page, errors } = await openPage(
          env.ctx,
          `${env.atlas.base}${v.path}${lang === 'en' ? '&lang=en' : ''}`,
        );
        await page.waitForSelector(`[data-testid=page-${v.name}]`);
        await waitForCharts(page);
        for (const [id, n] of Object.entries(await paintedPixels(page)))
          expect(n, `${id} painted pixels`).toBeGreaterThan(5_000);
        await page.waitForTimeout(300);
        await screenshot(page, `portal-${v.name}-${lang}`);
        expect(errors).toEqual([]);
        await page.close();
      });
    }
  }
});
