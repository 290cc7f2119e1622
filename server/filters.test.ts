import { describe, it, expect } from 'vitest';
import { filterParams, parseFilters } from './filters.ts';

describe('parseFilters', () => {
  it('parses months and comma lists, dropping duplicates', () => {
    const f = parseFilters({
      from: '2025-03',
      to: '2026-02',
      regions: '110000,310000,110000',
      sectors: 'DEX05',
      user_types: 'BANK',
      purposes: '',
    });
    expect(f).toEqual({
      from: '2025-03-01',
      to: '2026-02-01',
      regions: ['110000', '310000'],
      sectors: ['DEX05'],
      user_types: ['BANK'],
      purposes: [],
    });
    expect(filterParams(f)).toMatchObject({ from: '2025-03-01', regions: ['110000', '310000'] });
  });

  it('treats missing filters as everything', () => {
    expect(parseFilters({})).toEqual({ from: null, to: null, regions: [], sectors: [], user_types: [], purposes: [] });
  });

  it('accepts every code of the reference lists: all regions and sectors, the national level, every user type and purpose', () => {
    const f = parseFilters({
      regions: '000000,660000,650000',
      sectors: 'DEX12,OTH_ENERGY',
      user_types: 'BANK,INSURER',
      purposes: 'INDUSTRY_DEVELOPMENT',
    });
    expect(f).toMatchObject({ regions: ['000000', '660000', '650000'], sectors: ['DEX12', 'OTH_ENERGY'] });
  });

  it.each([
    [{ from: '2025-13' }, /from must be a month/],
    [{ from: '2025/03' }, /from must be a month/],
    [{ from: '2026-01', to: '2025-01' }, /is after to/],
    [{ regions: '11000' }, /regions has an invalid code "11000"/],
    [{ sectors: "DEX05';DROP" }, /sectors has an invalid code/],
    [{ regions: ['110000', '120000'] }, /regions must be given once/],
    // well-formed but not in the reference lists, which ingestion maps every record onto: they could only match nothing
    [{ regions: '110000,999999' }, /regions has an unknown code "999999" \(GET \/api\/reference lists the codes\)/],
    [{ sectors: 'DEX17' }, /sectors has an unknown code "DEX17"/],
    [{ user_types: 'ALIEN' }, /user_types has an unknown code "ALIEN"/],
    [{ purposes: 'BANK' }, /purposes has an unknown code "BANK"/],
  ])('rejects %j', (q, msg) => {
    expect(() => parseFilters(q)).toThrow(msg);
  });

  it.each([
    [{ from: '2025-13' }, { field: 'from', value: '2025-13', reason: 'month' }],
    [
      { from: '2026-01', to: '2025-01' },
      { field: 'from', value: '2026-01', to: '2025-01', reason: 'order' },
    ],
    [{ regions: '11000' }, { field: 'regions', value: '11000', reason: 'code' }],
    [{ regions: ['110000', '120000'] }, { field: 'regions', reason: 'repeated' }],
    [{ sectors: 'DEX17' }, { field: 'sectors', value: 'DEX17', reason: 'unknown_code' }],
  ])('names the reason of %j in the details, for the page to say it in its language', (q, details) => {
    let err: unknown;
    try {
      parseFilters(q);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'invalid_filter', status: 400, details });
  });
});
