import { describe, expect, it } from 'vitest';
import { pivot, queryCaption } from './chart-model.ts';

describe('quick chart pivot', () => {
  it('makes one series per split value over the months, summing repeats and leaving gaps null', () => {
    const months = ['2025-01', '2025-01', '2025-02', '2025-02', '2025-03', '2025-01'];
    const sectors = ['A', 'B', 'A', 'B', 'B', 'A'];
    const calls = [1, 2, 3, 4, 5, 10];
    const p = pivot(months, calls, 'calls', sectors, months);
    expect(p.categories).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(p.series).toEqual([
      { name: 'A', values: [11, 3, null] },
      { name: 'B', values: [2, 4, 5] },
    ]);
    expect(p.dropped).toBe(0);
  });

  it('puts months a later series brings in where they belong when sorting, and keeps text in result order', () => {
    const xs = ['2025-02', '2025-03', '2025-01'];
    expect(pivot(xs, [1, 2, 3], 'v', ['A', 'A', 'B'], xs).categories).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(pivot(['b', 'a'], [1, 2], 'v').categories).toEqual(['b', 'a']);
    // numbers sort as numbers, not as text
    expect(pivot(['10', '9'], [1, 2], 'v', ['s', 's'], [10, 9]).categories).toEqual(['9', '10']);
  });

  it('without a split draws one series named after the value column; nulls stay gaps', () => {
    expect(pivot(['x', 'y'], [null, 2], 'calls')).toEqual({
      categories: ['x', 'y'],
      series: [{ name: 'calls', values: [null, 2] }],
      dropped: 0,
    });
  });

  it('keeps the largest series past the limit, by name, and says how many were left out', () => {
    const p = pivot(['m', 'm', 'm', 'm', 'm'], [5, 20, -50, 1, 3], 'v', ['a', 'd', 'b', 'c', 'DEX10'], null, 2);
    expect(p.series.map((s) => s.name)).toEqual(['b', 'd']);
    const sectors = pivot(['m', 'm', 'm'], [1, 2, 3], 'v', ['DEX10', 'DEX05', 'DEX01']);
    expect(sectors.series.map((s) => s.name)).toEqual(['DEX01', 'DEX05', 'DEX10']);
    expect(p.dropped).toBe(3);
  });

  it('writes the query on one line and cuts a long one', () => {
    expect(queryCaption('SELECT 1\n  FROM  t')).toBe('SELECT 1 FROM t');
    const long = queryCaption(`SELECT ${'x, '.repeat(400)}1`);
    expect(long).toHaveLength(600);
    expect(long.endsWith('…')).toBe(true);
  });
});
