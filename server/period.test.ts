import { describe, expect, it } from 'vitest';
import { previousPeriod, resolvePeriod } from './period.ts';

describe('periods', () => {
  it('fills an open end with the last month of data and an open start with the 12 months up to the end', () => {
    expect(resolvePeriod(null, null, { first: '2023-01', last: '2024-06' })).toEqual({
      from: '2023-07-01',
      to: '2024-06-01',
      months: 12,
    });
    expect(resolvePeriod(null, '2023-12-01', { first: '2023-01', last: '2024-06' })).toEqual({
      from: '2023-01-01',
      to: '2023-12-01',
      months: 12,
    });
    // fewer than 12 months of data up to the end: from the first month with data
    expect(resolvePeriod(null, '2023-05-01', { first: '2023-01', last: '2024-06' })).toEqual({
      from: '2023-01-01',
      to: '2023-05-01',
      months: 5,
    });
    expect(resolvePeriod(null, null, { first: '2024-03', last: '2024-06' })).toEqual({
      from: '2024-03-01',
      to: '2024-06-01',
      months: 4,
    });
    // an end before the data starts keeps its 12 months (there is nothing to count either way)
    expect(resolvePeriod(null, '2022-06-01', { first: '2023-01', last: '2024-06' })).toEqual({
      from: '2021-07-01',
      to: '2022-06-01',
      months: 12,
    });
    expect(resolvePeriod('2024-01-01', null, { first: '2023-01', last: '2024-06' })).toEqual({
      from: '2024-01-01',
      to: '2024-06-01',
      months: 6,
    });
    expect(resolvePeriod(null, null, { first: null, last: null })).toBeNull();
  });
  it('takes the previous period of the same length across a year boundary', () => {
    expect(previousPeriod({ from: '2024-01-01', to: '2024-03-01', months: 3 })).toEqual({
      from: '2023-10-01',
      to: '2023-12-01',
      months: 3,
    });
    expect(previousPeriod({ from: '2024-05-01', to: '2024-05-01', months: 1 })).toEqual({
      from: '2024-04-01',
      to: '2024-04-01',
      months: 1,
    });
  });
});
