import { describe, expect, it } from 'vitest';
import { previousPeriod, resolvePeriod } from './period.ts';

describe('periods', () => {
  it('fills open ends from the data and counts months', () => {
    expect(resolvePeriod(null, null, { first: '2023-01', last: '2024-06' })).toEqual({ from: '2023-01-01', to: '2024-06-01', months: 18 });
    expect(resolvePeriod('2024-01-01', null, { first: '2023-01', last: '2024-06' })).toEqual({ from: '2024-01-01', to: '2024-06-01', months: 6 });
    expect(resolvePeriod(null, null, { first: null, last: null })).toBeNull();
  });
  it('takes the previous period of the same length across a year boundary', () => {
    expect(previousPeriod({ from: '2024-01-01', to: '2024-03-01', months: 3 })).toEqual({ from: '2023-10-01', to: '2023-12-01', months: 3 });
    expect(previousPeriod({ from: '2024-05-01', to: '2024-05-01', months: 1 })).toEqual({ from: '2024-04-01', to: '2024-04-01', months: 1 });
  });
});
