import { describe, expect, it } from 'vitest';
import { dispositionName } from './sql-api.ts';

describe('export file name from Content-Disposition', () => {
  it('prefers the UTF-8 name, then the plain one', () => {
    expect(
      dispositionName(
        `attachment; filename="?-usage_2026-12-06T2359.csv"; filename*=UTF-8''%E5%90%84%E7%9C%81-usage_2026-12-06T2359.csv`,
      ),
    ).toBe('各省-usage_2026-12-06T2359.csv');
    expect(dispositionName('attachment; filename="ref_region_2026-12-06T2359.csv"')).toBe(
      'ref_region_2026-12-06T2359.csv',
    );
    expect(dispositionName('attachment; filename=x.arrows')).toBe('x.arrows');
    expect(dispositionName(null)).toBeNull();
  });
});
