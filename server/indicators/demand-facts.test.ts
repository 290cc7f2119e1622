import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { queryRows } from '../db/query.ts';
import { generateSampleData } from '../generate/generate.ts';
import { loadGenerated, type LoadedSet } from '../generate/testing.ts';
import { tempDir } from '../test-support/server.ts';
import { EMPTY_FILTERS, type Filters } from '../filters.ts';
import { FactStore } from '../facts/facts.ts';
import { inputParams, inputsSql, LEVELS, resolveWindows } from './inputs.ts';

// Demand indicators come from two facts (usage by month, users by month masks). Here they are checked against the
// plain definition, computed from the usage rows themselves: one row per user of each entity and window, summed.
const REFERENCE = `
WITH w AS (
  SELECT 'current' AS period_key, CAST($from AS DATE) AS w_from, CAST($to AS DATE) AS w_to
  UNION ALL SELECT 'previous', CAST($prev_from AS DATE), CAST($prev_to AS DATE)
),
per_user AS (
  SELECT w.period_key,
         CASE $level WHEN 'region' THEN u.provider_region_code WHEN 'sector' THEN p.sector_code ELSE u.provider_region_code || ':' || p.sector_code END AS entity,
         u.user_org_id, sum(u.calls) AS calls,
         sum(CASE WHEN u.use_purpose IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE') THEN 0 ELSE u.amount_cny END) AS paid,
         sum(u.calls) FILTER (WHERE u.user_region_code <> u.provider_region_code) AS cross_calls
  FROM usage u JOIN product p USING (product_id) JOIN w ON u.period_month BETWEEN w.w_from AND w.w_to
  WHERE (len($regions) = 0 OR list_contains($regions, u.provider_region_code))
    AND (len($sectors) = 0 OR list_contains($sectors, p.sector_code))
    AND (len($user_types) = 0 OR list_contains($user_types, u.user_type))
    AND (len($purposes) = 0 OR list_contains($purposes, u.use_purpose))
  GROUP BY ALL
)
SELECT period_key, entity, sum(calls) AS calls, sum(paid) AS paid_amount_cny, count(*) FILTER (WHERE calls > 0) AS distinct_users,
       count(*) FILTER (WHERE paid > 0) AS paying_users, sum(cross_calls) AS cross_region_calls
FROM per_user GROUP BY ALL`;

let tmp: ReturnType<typeof tempDir>;
let set: LoadedSet;

beforeAll(async () => {
  tmp = tempDir('atlas-demand-facts-');
  set = await loadGenerated(await generateSampleData({ scale: 0.5, outDir: tmp.dir }));
});
afterAll(() => {
  set?.close();
  tmp?.cleanup();
});

const FILTERS: Filters[] = [
  EMPTY_FILTERS, // the last 12 months: 2025-11 … 2026-10 crosses the mask blocks' boundary at 2026-09
  { ...EMPTY_FILTERS, from: '2019-01-01', to: '2026-10-01' }, // 94 months: three blocks
  { ...EMPTY_FILTERS, from: '2026-09-01', to: '2026-09-01' }, // one month, the first bit of a block
  { ...EMPTY_FILTERS, from: '2025-08-01', to: '2025-08-01' }, // one month, the last bit of a block
  { ...EMPTY_FILTERS, regions: ['330000', '440000'], purposes: ['INDUSTRY_DEVELOPMENT', 'PUBLIC_WELFARE'] },
  { ...EMPTY_FILTERS, sectors: ['DEX05', 'DEX01'], user_types: ['ENTERPRISE'] },
];

describe('demand indicators from the usage facts', () => {
  it.each(LEVELS)(
    'equal the usage rows summed per user, at level %s, for windows across mask blocks and every filter',
    async (level) => {
      const tables = await new FactStore(set.db).tables(set.con);
      expect(tables).not.toBeNull();
      let compared = 0;
      for (const f of FILTERS) {
        const windows = await resolveWindows(set.con, f);
        const p = inputParams(level, f, windows, { previous: true });
        const ref = new Map((await queryRows(set.con, REFERENCE, p)).map((r) => [`${r.period_key}/${r.entity}`, r]));
        for (const r of await queryRows(set.con, inputsSql(tables), p)) {
          const x = ref.get(`${r.period_key}/${r.entity}`);
          const label = `${JSON.stringify(f)} ${r.period_key}/${r.entity}`;
          expect(
            {
              calls: r.calls,
              paid: r.paid_amount_cny,
              users: r.distinct_users,
              paying: r.paying_users,
              cross: r.cross_region_calls,
            },
            label,
          ).toEqual({
            calls: x?.calls ?? 0,
            paid: x?.paid_amount_cny ?? 0,
            users: x?.distinct_users ?? 0,
            paying: x?.paying_users ?? 0,
            cross: x?.cross_region_calls ?? 0,
          });
          if (x && Number(x.calls) > 0) compared++;
        }
      }
      expect(compared).toBeGreaterThan(level === 'sector' ? 40 : 100);
    },
  );
});
