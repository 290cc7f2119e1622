// A newer crawl of two real portals of the shared catalogue (one identified by detail-page URLs and districts, one by
// the identity hash only): changed records are replaced, new ones inserted, the rest left alone, nothing duplicated.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AtlasDb } from '../../db/database.ts';
import { queryRows } from '../../db/query.ts';
import { realDataOrWarn } from '../../test-support/realdata.ts';
import { tempDir } from '../../test-support/server.ts';
import { ingestPortalCatalog } from './import-catalog.ts';

const realdata = realDataOrWarn('the real re-crawl test');
const CATALOG = realdata?.catalog ?? '';
const PORTALS = ['zhejiang_hangzhou', 'anhui_chizhou'];

describe.skipIf(!realdata)('re-import of a newer crawl of real portals', () => {
  const tmp = tempDir('atlas-portal-recrawl-');
  afterAll(() => tmp.cleanup());

  it('replaces changed records, inserts new ones and never duplicates', { timeout: 300_000 }, async () => {
    const db = await AtlasDb.open({ path: ':memory:' });
    try {
      // crawl 1: the two portals' records as the crawl has them, exact repeats dropped (they are merged anyway)
      const picked = await db.withConnection((con) =>
        queryRows(
          con,
          `SELECT json::VARCHAR AS line FROM read_ndjson_objects($p) WHERE list_contains($portals, regexp_extract(json->>'source_path', '([^/]+)\\.json$', 1))`,
          { p: CATALOG, portals: PORTALS },
        ),
      );
      const lines = [...new Set(picked.map((r) => String(r.line)))];
      const recs = lines.map((l) => JSON.parse(l) as { raw: Record<string, unknown> });
      const crawl1 = path.join(tmp.dir, 'crawl1.jsonl');
      fs.writeFileSync(crawl1, lines.join('\n'));
      const first = await ingestPortalCatalog(db, { path: crawl1 });
      expect(first.status).toBe('COMMITTED');
      expect(first.portal!.portals.map((p) => p.portal)).toEqual(PORTALS.slice().sort());
      const live = new Set(
        (await db.withConnection((con) => queryRows(con, `SELECT raw::VARCHAR AS raw FROM registration`))).map((r) =>
          JSON.stringify(JSON.parse(String(r.raw))),
        ),
      );
      expect(live.size).toBe(first.inserted);

      // crawl 2: every 40th imported record changed (a new update date and volume), 30 new datasets
      const imported = recs.map((r, i) => ({ r, i })).filter(({ r }) => live.has(JSON.stringify(r.raw)));
      const changed = imported.filter((_, k) => k % 40 === 0);
      expect(changed.length).toBeGreaterThan(150);
      const next = recs.map((r) => structuredClone(r));
      for (const { i } of changed) {
        const raw = next[i].raw;
        raw[raw.更新时间 !== undefined ? '更新时间' : '更新日期'] = '2024-03-01';
        raw.数据量 = 424242;
      }
      const added = imported.slice(0, 30).map(({ r }) => {
        const c = structuredClone(r);
        for (const k of ['标题', '资源名称']) if (typeof c.raw[k] === 'string') c.raw[k] = `${c.raw[k]}（2024年新增）`;
        if (typeof c.raw.详情页网址 === 'string') c.raw.详情页网址 = `${c.raw.详情页网址}&crawl=2024`;
        return c;
      });
      const crawl2 = path.join(tmp.dir, 'crawl2.jsonl');
      fs.writeFileSync(crawl2, [...next, ...added].map((r) => JSON.stringify(r)).join('\n'));
      const second = await ingestPortalCatalog(db, { path: crawl2 });
      expect(second).toMatchObject({
        status: 'COMMITTED',
        inserted: 30,
        replaced: changed.length,
        unchanged: first.inserted - changed.length,
        rejected: first.rejected,
      });

      const [n] = await db.withConnection((con) =>
        queryRows(
          con,
          `SELECT count(*) AS n, count(DISTINCT source_ref) AS refs, count(*) FILTER (WHERE record_count = 424242) AS changed FROM registration`,
        ),
      );
      expect(n).toEqual({ n: first.inserted + 30, refs: first.inserted + 30, changed: changed.length });
      const [h] = await db.withConnection((con) =>
        queryRows(con, `SELECT count(*) AS n FROM record_history WHERE superseded_by_batch = $b`, {
          b: second.batch_id,
        }),
      );
      expect(h.n).toBe(changed.length);
    } finally {
      db.close();
    }
  });
});
