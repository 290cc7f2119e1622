import { describe, expect, it } from 'vitest';
import type { Candidate, Model, Ranking } from '../../../../contract/indicators.ts';
import {
  briefRegion,
  provinceLike,
  coverage,
  indexRank,
  missingMonths,
  modelsThatSpread,
  monthsBetween,
  peerProfile,
  regionCandidates,
  strengthsAndWeaknesses,
  topRegions,
} from './model.ts';

const provinces = new Set(['110000', '310000', '440000', '510000', '530000', '620000']);

const row = (code: string, rank: number | null, p05 = rank, p95 = rank) =>
  ({ entity: code, region_code: code, rank, rank_p05: p05, rank_p95: p95, robust: false }) as Ranking['rows'][number];
const ranking = (rows: Ranking['rows']) =>
  ({ index: { id: 'market-demand', title: { zh: '市场需求指数', en: 'Market Demand Index' } }, rows }) as Ranking;

describe('the brief region', () => {
  it('is a province from the URL, or none (the country) for the national level, XPCC or a stray code', () => {
    expect(briefRegion('510000', provinces)).toBe('510000');
    expect(briefRegion('000000', provinces)).toBeNull();
    expect(briefRegion('abc', provinces)).toBeNull();
    expect(briefRegion(null, provinces)).toBeNull();
  });

  it('is taken from a province-like code before the reference arrives, never the national level or a city', () => {
    expect(provinceLike('510000')).toBe('510000');
    expect(provinceLike('000000')).toBeNull();
    expect(provinceLike('510100')).toBeNull();
    expect(provinceLike('51')).toBeNull();
  });
});

describe('ranks on an index', () => {
  const r = ranking([
    row('440000', 1),
    row('510000', 3, 2, 6),
    row('000000', 1),
    row('310000', 2),
    row('620000', null),
  ]);

  it('gives the province its rank and interval among the ranked provinces only', () => {
    expect(indexRank(r, '510000', provinces)).toMatchObject({
      index: 'market-demand',
      rank: 3,
      low: 2,
      high: 6,
      of: 3,
    });
  });

  it('says a province without a score has no rank, still out of the ranked ones', () => {
    expect(indexRank(r, '620000', provinces)).toMatchObject({ rank: null, low: null, of: 3 });
  });

  it('lists the leading provinces best first, without the national level', () => {
    expect(topRegions(r, provinces, 2).map((x) => x.region_code)).toEqual(['440000', '310000']);
  });
});

describe('strengths and weaknesses among the provinces', () => {
  // six provinces: the top third are ranks 1-2, the bottom third ranks 5-6
  const rows = [
    { region_code: '110000', calls: 60, open_share: 0.1, demand_growth: 0.5 },
    { region_code: '310000', calls: 50, open_share: 0.2, demand_growth: 0.4 },
    { region_code: '440000', calls: 40, open_share: 0.3, demand_growth: 0.3 },
    { region_code: '510000', calls: 55, open_share: 0.05, demand_growth: 0.1 },
    { region_code: '530000', calls: 20, open_share: 0.5, demand_growth: 0.2 },
    { region_code: '620000', calls: 10, open_share: 0.6, demand_growth: 0.6 },
    { region_code: '000000', calls: 999, open_share: 0, demand_growth: 0 },
  ];
  const catalog = [
    { id: 'calls', higherIsBetter: true },
    { id: 'open_share', higherIsBetter: true },
    { id: 'demand_growth', higherIsBetter: true },
  ];

  it('marks the top third as strengths and the bottom third as weaknesses, weakest first', () => {
    const { strengths, weaknesses } = strengthsAndWeaknesses(rows, catalog, provinces, '510000');
    expect(strengths.map((s) => [s.id, s.rank, s.of])).toEqual([['calls', 2, 6]]);
    expect(weaknesses.map((s) => [s.id, s.rank])).toEqual([
      ['open_share', 6],
      ['demand_growth', 6],
    ]);
  });

  it('follows each indicator’s direction and leaves out indicators the catalogue does not have', () => {
    const lowerBetter = [{ id: 'open_share', higherIsBetter: false }];
    const { strengths, weaknesses } = strengthsAndWeaknesses(rows, lowerBetter, provinces, '510000');
    expect(strengths.map((s) => s.id)).toEqual(['open_share']);
    expect(weaknesses).toEqual([]);
  });
});

describe('candidates and models', () => {
  const cand = (entity: string, rank: number) =>
    ({ entity, region_code: entity.slice(0, 6), rank }) as unknown as Candidate;

  it('keeps the region’s own cells, best first, up to n', () => {
    const list = [cand('510000:DEX08', 7), cand('440000:DEX01', 1), cand('510000:DEX05', 3), cand('510000:DEX01', 9)];
    expect(regionCandidates(list, '510000', 2).map((c) => c.entity)).toEqual(['510000:DEX05', '510000:DEX08']);
  });

  it('orders models by the provinces where they succeed, then calls', () => {
    const m = (scenario_name: string, succeeding_provinces: number, trailing_calls: number) =>
      ({ scenario_name, succeeding_provinces, trailing_calls }) as Model;
    const out = modelsThatSpread([m('a', 3, 10), m('b', 5, 1), m('c', 3, 20)], 2);
    expect(out.map((x) => x.scenario_name)).toEqual(['b', 'c']);
  });
});

describe('completeness by month', () => {
  it('spans the data’s months, across a year end', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween(null, '2026-02')).toEqual([]);
    expect(monthsBetween('2026-03', '2026-02')).toEqual([]);
  });

  it('marks months with usage and registrations, the partial ones with their share, and lists the gaps', () => {
    const months = ['2026-08', '2026-09', '2026-10', '2026-11'];
    const rows = [
      { month: '2026-08', calls: 5, registrations: 0 },
      { month: '2026-10', calls: 7, registrations: 2 },
      { month: '2026-11', calls: 1, registrations: 0 },
    ];
    const partial = [{ month: '2026-11', reported: 1, expected: 31, share: 1 / 31 }];
    const c = coverage(months, rows, partial);
    expect(c.map((m) => [m.month, m.usage, m.registrations])).toEqual([
      ['2026-08', true, false],
      ['2026-09', false, false],
      ['2026-10', true, true],
      ['2026-11', true, false],
    ]);
    expect(c[3].partial).toEqual(partial[0]);
    expect(c[0].partial).toBeUndefined();
    expect(missingMonths(c)).toEqual(['2026-09']);
  });
});

describe('the peer radar', () => {
  it('gives each region its percentile among the provinces on Compare’s radar indicators', () => {
    const rows = [
      { region_code: '110000', calls: 30 },
      { region_code: '510000', calls: 20 },
      { region_code: '440000', calls: 10 },
    ];
    const p = peerProfile(rows, [{ id: 'calls', higherIsBetter: true }, { id: 'holders' }], provinces, [
      '510000',
      '110000',
    ]);
    expect(p.ids).toEqual(['calls']);
    expect(p.values.get('510000')).toEqual([50]);
    expect(p.values.get('110000')).toEqual([100]);
  });
});
