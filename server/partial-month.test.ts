/**
 * The data steward's scenario of issue 24: ten usage rows of the month after the data's last arrive. The month is
 * partial (server/coverage.ts), so every open period still ends on the last complete month: the overview, the trend and
 * the rankings answer exactly as before, and GET /api/reference says which month is partial and how far it reported.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSampleServer, type SampleServer } from './test-support/sample-server.ts';
import { AtlasDb } from './db/database.ts';
import { queryRows } from './db/query.ts';
import { ingestFile } from './ingest/pipeline.ts';
import { checkAnswer } from './test-support/contract.ts';
import { type TestServer } from './test-support/server.ts';

let db: AtlasDb;
let srv: TestServer;

const get = async (p: string) => {
  const r = await fetch(`${srv.base}${p}`);
  expect(r.status).toBe(200);
  return checkAnswer('GET', p, r.status, (await r.json()) as any) as any;
};

/** Arrays in a fixed order: some answers list their rows in no particular order (the measures query's groups). */
const canonical = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(canonical).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
    : v && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, canonical(x)]))
      : v;

const VIEWS = [
  '/api/dashboard/overview',
  '/api/dashboard/trend?format=json',
  '/api/dashboard/regions?format=json',
  '/api/rankings?index=market-demand&draws=50&format=json',
  '/api/rankings?index=market-demand&level=cell&draws=50&format=json',
];

let sample: SampleServer | undefined;
beforeAll(async () => {
  sample = await startSampleServer(0.2, 'atlas-partial-month-');
  ({ db, srv } = sample);
});
afterAll(() => sample?.close());

/** Ten usage rows of the month after `last`, copied from that month's rows of one region (new ids). */
async function nextMonthRows(last: string): Promise<{ file: string; month: string; region: string }> {
  const [y, m] = last.split('-').map(Number) as [number, number];
  const month = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  const rows = await db.withConnection((con) =>
    queryRows(
      con,
      `SELECT 'LATE-' || row_number() OVER () AS usage_id, $month || '-01' AS period_month, product_id, auth_id,
              provider_region_code, user_org_id, user_type, user_region_code, use_purpose, calls, records_delivered,
              amount_cny
       FROM usage WHERE period_month = CAST($last || '-01' AS DATE) AND provider_region_code = '330000'
       ORDER BY usage_id LIMIT 10`,
      { month, last },
    ),
  );
  expect(rows).toHaveLength(10);
  const cols = Object.keys(rows[0]!);
  const file = path.join(sample!.dir, 'late-usage.csv');
  fs.writeFileSync(
    file,
    [cols.join(','), ...rows.map((r) => cols.map((c) => String(r[c] ?? '')).join(','))].join('\n'),
  );
  return { file, month, region: '330000' };
}

describe('a few usage rows of the next month', () => {
  it('leave the default window, the overview, the trend and the rankings as they were, and are named partial', async () => {
    const before = (await get('/api/reference')).period;
    expect(before.last_complete).toBe(before.last);
    expect(before.partial).toEqual([]);
    const views = await Promise.all(VIEWS.map(get));

    const late = await nextMonthRows(before.last);
    const s = await ingestFile(db, { kind: 'usage', path: late.file, source: 'test' });
    expect(s.status).toBe('COMMITTED');
    expect(s.inserted).toBe(10);

    const after = (await get('/api/reference')).period;
    expect(after.last).toBe(late.month);
    expect(after.last_complete).toBe(before.last);
    expect(after.partial).toHaveLength(1);
    const partial = after.partial[0];
    expect(partial).toMatchObject({ month: late.month, reported: 1 });
    expect(partial.expected).toBeGreaterThan(20);
    expect(partial.share).toBeCloseTo(1 / partial.expected, 10);
    expect(after.last_import).not.toBeNull();

    // the same answers as before, to the last digit (rankings: scores, ranks, intervals of the same seeded draws)
    const again = await Promise.all(VIEWS.map(get));
    for (let i = 0; i < VIEWS.length; i++) expect(canonical(again[i]), VIEWS[i]).toEqual(canonical(views[i]));
    const overview = again[0];
    expect(overview.period.to).toBe(before.last);
    expect(overview.partial_months).toEqual([]);
  });

  it('may still be chosen: its figures count, and no comparison is made with it', async () => {
    const { period } = await get('/api/reference');
    const month = period.partial[0].month;
    const o = await get(`/api/dashboard/overview?to=${month}`);
    expect(o.period.to).toBe(month);
    expect(o.partial_months).toEqual([month]);
    expect(o.previous.has_data).toBe(false);
    expect(Object.values(o.kpis).every((k: any) => k.previous === null && k.change === null)).toBe(true);
    const trend = await get(`/api/dashboard/trend?from=${month}&to=${month}&format=json`);
    expect(trend.rows).toHaveLength(1);
    expect(trend.rows[0].calls).toBeGreaterThan(0);
  });
});
