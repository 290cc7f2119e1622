import { describe, it, expect } from 'vitest';
import { filterParams, parseFilters } from './filters.ts';

describe('parseFilters', () => {
  it('parses months and comma lists, dropping duplicates', () => {
    const f = parseFilters({ from: '2025-03', to: '2026-02', regions: '110000,310000,110000', sectors: 'DEX05', user_types: 'BANK', purposes: '' });
    expect(f).toEqual({ from: '2025-03-01', to: '2026-02-01', regions: ['110000', '310000'], sectors: ['DEX05'], user_types: ['BANK'], purposes: [] });
    expect(filterParams(f)).toMatchObject({ from: '2025-03-01', regions: ['110000', '310000'] });
  });

  it('treats missing filters as everything', () => {
    expect(parseFilters({})).toEqual({ from: null, to: null, regions: [], sectors: [], user_types: [], purposes: [] });
  });

  it.each([
    [{ from: '2025-13' }, /from must be a month/],
    [{ from: '2025/03' }, /from must be a month/],
    [{ from: '2026-01', to: '2025-01' }, /is after to/],
    [{ regions: '11000' }, /regions has an invalid code "11000"/],
    [{ sectors: "DEX05';DROP" }, /sectors has an invalid code/],
    [{ regions: ['110000', '120000'] }, /regions must be given once/],
  ])('rejects %j', (q, msg) => {
    expect(() => parseFilters(q)).toThrow(msg);
  });
});
