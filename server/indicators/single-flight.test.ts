import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardQuery } from '../../contract/dashboard.ts';
import { rankingsQuery } from '../../contract/indicators.ts';
import { parse } from '../api/parse.ts';
import { AtlasDb } from '../db/database.ts';
import { insertFixture } from '../dashboard/fixtures.ts';
import { DashboardService } from '../dashboard/service.ts';
import { createLogger } from '../log.ts';
import { IndicatorService } from './service.ts';
import { insertSmallFixture } from './test-records.ts';

// Identical concurrent views cost one computation (issue 23), counted by the services themselves on real DuckDB.
const N = 12;

describe('identical concurrent indicator views', () => {
  let db: AtlasDb;
  beforeAll(async () => {
    db = await AtlasDb.open({ path: ':memory:' });
    await db.withConnection((con) => insertSmallFixture(con));
  });
  afterAll(() => db.close());

  // a seed no warm-up or other test asks for, so the first request really computes
  const query = (seed: number) =>
    parse(rankingsQuery, { from: '2025-03', to: '2026-02', draws: '50', seed: String(seed) }, 'query');

  for (const cacheSize of [200, 0]) {
    it(`compute once for ${N} identical requests (result cache ${cacheSize ? 'on' : 'off'})`, async () => {
      const service = new IndicatorService(db, createLogger('test'), cacheSize);
      try {
        const before = service.computations;
        const answers = await Promise.all(Array.from({ length: N }, () => service.rankings(query(7))));
        expect(service.computations - before).toBe(1);
        expect(new Set(answers).size).toBe(1);
        // a different request is a computation of its own: the counter counts
        await service.rankings(query(8));
        expect(service.computations - before).toBe(2);
        // and with the cache off, the same request later computes again
        await service.rankings(query(7));
        expect(service.computations - before).toBe(cacheSize ? 2 : 3);
      } finally {
        await service.close();
      }
    });
  }
});

describe('identical concurrent dashboard views', () => {
  let db: AtlasDb;
  beforeAll(async () => {
    db = await AtlasDb.open({ path: ':memory:' });
    await insertFixture(db);
  });
  afterAll(() => db.close());

  it(`run the measures query once for ${N} overviews, trends and maps of the same filters`, async () => {
    const service = new DashboardService(db);
    const filters = parse(dashboardQuery, { from: '2024-02', to: '2024-04', regions: '330000' }, 'query');
    const before = service.computations;
    await Promise.all(
      Array.from({ length: N }, (_, i) =>
        i % 3 === 0
          ? service.overview(filters)
          : i % 3 === 1
            ? service.trend(filters)
            : service.regionValues({ ...filters, measure: 'calls', basis: 'absolute' }),
      ),
    );
    expect(service.computations - before).toBe(1);
    await service.overview({ ...filters, regions: ['110000'] });
    expect(service.computations - before).toBe(2);
  });
});

describe('parameters that make every request unique are bounded', () => {
  it('refuses more than 1,000 draws', () => {
    expect(parse(rankingsQuery, { draws: '1000' }, 'query').draws).toBe(1000);
    expect(() => parse(rankingsQuery, { draws: '1001' }, 'query')).toThrow(
      expect.objectContaining({
        status: 400,
        code: 'invalid_parameter',
        details: expect.objectContaining({ field: 'draws' }),
      }),
    );
  });
});
