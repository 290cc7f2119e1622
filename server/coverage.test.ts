import { describe, expect, it } from 'vitest';
import { completeLookback, completeness, type RegionMonth } from './coverage.ts';

/** Usage rows: month → the regions that reported it. */
const usage = (months: Record<string, string[]>): RegionMonth[] =>
  Object.entries(months).flatMap(([month, regions]) =>
    regions.map((region_code) => ({ month, region_code, usage: true, registration: false })),
  );
const ALL = ['110000', '310000', '330000', '440000'];

describe('completeness', () => {
  it('ends the complete months before a month only one regular region reported, with its share', () => {
    const c = completeness(
      usage({ '2026-01': ALL, '2026-02': ALL, '2026-03': ALL, '2026-04': ALL, '2026-05': ['330000'] }),
      3,
    );
    expect(c.last_complete).toBe('2026-04');
    expect(c.partial).toEqual([{ month: '2026-05', reported: 1, expected: 4, share: 0.25, complete: false }]);
  });

  it('judges a month after a partial one against the complete months, not the partial one', () => {
    const c = completeness(
      usage({ '2026-01': ALL, '2026-02': ALL, '2026-03': ALL, '2026-04': ['330000'], '2026-05': ['330000'] }),
      3,
    );
    expect(c.last_complete).toBe('2026-03');
    expect(c.partial.map((m) => [m.month, m.reported, m.expected])).toEqual([
      ['2026-04', 1, 4],
      ['2026-05', 1, 4],
    ]);
  });

  it('stops awaiting a region that has not reported for the lookback months', () => {
    const rest = ALL.slice(1);
    const c = completeness(
      usage({
        '2026-01': ALL,
        '2026-02': ALL,
        '2026-03': ALL,
        '2026-04': rest,
        '2026-05': rest,
        '2026-06': rest,
        '2026-07': rest,
      }),
      3,
    );
    expect(c.months.map((m) => m.complete)).toEqual([true, true, true, false, false, false, true]);
    expect(c.last_complete).toBe('2026-07');
    expect(c.partial).toEqual([]);
  });

  it('counts usage only: a region that registered nothing in a month it reported usage for is complete', () => {
    const rows = usage({ '2026-01': ALL, '2026-02': ALL, '2026-03': ALL, '2026-04': ALL });
    for (const m of ['2026-01', '2026-02', '2026-03'])
      rows.push({ month: m, region_code: '540000', usage: false, registration: true });
    expect(completeness(rows, 3).last_complete).toBe('2026-04');
  });

  it('a month holding registrations only, after the usage, is partial', () => {
    const rows = usage({ '2026-01': ALL, '2026-02': ALL, '2026-03': ALL });
    rows.push({ month: '2026-04', region_code: '110000', usage: false, registration: true });
    const c = completeness(rows, 3);
    expect(c.last_complete).toBe('2026-03');
    expect(c.partial).toMatchObject([{ month: '2026-04', reported: 0, expected: 4 }]);
  });

  it('without lookback months of history there is no regular set: every month is complete', () => {
    const c = completeness(usage({ '2024-01': ['110000'], '2024-02': ['110000'], '2024-03': ['330000'] }), 3);
    expect(c.last_complete).toBe('2024-03');
    expect(c.months.every((m) => m.expected === 0 && m.share === 1)).toBe(true);
  });

  it('honours a shorter lookback and an empty database', () => {
    const months = { '2026-01': ALL, '2026-02': ['110000'] };
    expect(completeness(usage(months), 1).last_complete).toBe('2026-01');
    expect(completeness(usage(months), 3).last_complete).toBe('2026-02');
    expect(completeness([], 3)).toEqual({ months: [], last_complete: null, partial: [] });
  });

  it('reads the lookback from ATLAS_COMPLETE_LOOKBACK, 3 when unset or not a whole number of months', () => {
    expect(completeLookback(undefined)).toBe(3);
    expect(completeLookback('6')).toBe(6);
    expect(completeLookback('0')).toBe(3);
    expect(completeLookback('two')).toBe(3);
  });
});
