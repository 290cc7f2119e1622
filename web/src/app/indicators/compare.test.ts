import { describe, expect, it } from 'vitest';
import { percentile, ranksOf, selection, standing, weakestFirst } from './compare.ts';

const rows = [
  { region_code: '110000', calls: 10, important_share: 0.5 },
  { region_code: '310000', calls: 30, important_share: 0.1 },
  { region_code: '330000', calls: 30, important_share: null },
  { region_code: '440000', calls: 5, important_share: 0.2 },
  { region_code: '000000', calls: 999, important_share: 0 },
];
const provinces = new Set(['110000', '310000', '330000', '440000']);

describe('ranks among provinces', () => {
  it('ranks 1 = best, ties share the lowest rank, and regions outside the pool do not count', () => {
    const { rank, of } = ranksOf(rows, 'calls', provinces);
    expect(of).toBe(4);
    expect([...rank.entries()].sort()).toEqual([
      ['110000', 3],
      ['310000', 1],
      ['330000', 1],
      ['440000', 4],
    ]);
  });
  it('follows the indicator direction and leaves regions without a value unranked', () => {
    const { rank, of } = ranksOf(rows, 'important_share', provinces, false);
    expect(of).toBe(3);
    expect(rank.get('310000')).toBe(1);
    expect(rank.get('110000')).toBe(3);
    expect(rank.has('330000')).toBe(false);
  });
  it('turns ranks into percentiles, best = 100', () => {
    expect(percentile(1, 4)).toBe(100);
    expect(percentile(4, 4)).toBe(0);
    expect(percentile(2, 3)).toBe(50);
    expect(percentile(1, 1)).toBe(100);
    expect(percentile(undefined, 4)).toBeNull();
  });
});

describe('regions compared', () => {
  it('keeps the URL list, without unknown or repeated codes, six at most', () => {
    expect(selection(['310000', 'XX', '310000', '110000'], provinces, null, rows)).toEqual(['310000', '110000']);
    const many = ['110000', '310000', '330000', '440000', '120000', '130000', '140000'];
    expect(selection(many, new Set(many), null, rows)).toHaveLength(6);
  });
  it('pins the province selected on the map first, even when the list leaves it out', () => {
    expect(selection(['310000', '110000'], provinces, '440000', rows)).toEqual(['440000', '310000', '110000']);
    expect(selection(['310000', '440000'], provinces, '440000', rows)).toEqual(['440000', '310000']);
    const many = ['110000', '310000', '330000', '120000', '130000', '140000'];
    const known = new Set([...many, '440000']);
    expect(selection(many, known, '440000', rows)).toEqual(['440000', ...many.slice(0, 5)]);
  });
  it('without a list starts from the province selected on the map, then the busiest by calls', () => {
    expect(selection([], provinces, '440000', rows)).toEqual(['440000', '310000', '330000']);
    expect(selection([], provinces, null, rows)).toEqual(['310000', '330000', '110000']);
  });
});

describe("my region's strengths and weaknesses", () => {
  it('marks the top and the bottom third of the provinces', () => {
    expect([1, 10, 11, 12, 20, 21, 22, 31].map((r) => standing(r, 31))).toEqual([
      'top',
      'top',
      undefined,
      undefined,
      undefined,
      'bottom',
      'bottom',
      'bottom',
    ]);
    expect(standing(undefined, 31)).toBeUndefined();
    expect(standing(1, 2)).toBeUndefined();
  });
  it('orders indicators weakest first for a region, unranked last', () => {
    const ranks = new Map([
      ['a', { rank: new Map([['110000', 1]]), of: 4 }],
      ['b', { rank: new Map([['110000', 4]]), of: 4 }],
      ['c', { rank: new Map<string, number>(), of: 4 }],
      ['d', { rank: new Map([['110000', 3]]), of: 4 }],
    ]);
    const order = weakestFirst([{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }], ranks, '110000');
    expect(order.map((i) => i.id)).toEqual(['b', 'd', 'a', 'c']);
  });
});
