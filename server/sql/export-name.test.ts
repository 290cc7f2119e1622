import { describe, expect, it } from 'vitest';
import { exportFileName, fileSlug, firstTable } from './export-name.ts';

describe('export file names', () => {
  const at = new Date('2026-12-06T23:59:41Z');

  it('names the file after the saved query, then the time to the minute', () => {
    expect(exportFileName('SELECT 1', 'csv', 'Usage by month', at)).toBe('usage-by-month_2026-12-06T2359.csv');
    expect(exportFileName('SELECT 1', 'arrow', '各省 付费/使用', at)).toBe('各省-付费-使用_2026-12-06T2359.arrows');
  });

  it('falls back to the first table the query reads, then to atlas-query', () => {
    expect(exportFileName('SELECT * FROM rollup_usage_month u JOIN ref_region r USING (x)', 'parquet', null, at)).toBe(
      'rollup_usage_month_2026-12-06T2359.parquet',
    );
    expect(exportFileName('SELECT 42', 'csv', '  ', at)).toBe('atlas-query_2026-12-06T2359.csv');
  });

  it('finds the first table outside comments, strings and table functions', () => {
    expect(firstTable('-- FROM nope\nSELECT \'FROM fake\' FROM range(3) t JOIN "authorization" a ON true')).toBe(
      'authorization',
    );
    expect(firstTable('WITH x AS (SELECT * FROM main.usage) SELECT * FROM x')).toBe('usage');
    expect(firstTable('FROM (SELECT 1) JOIN product p ON true')).toBe('product');
    expect(firstTable('SELECT 1')).toBeNull();
  });

  it('keeps letters and digits of any script and cuts long titles', () => {
    expect(fileSlug('  Q3: paid — 付费 (v2)!  ')).toBe('q3-paid-付费-v2');
    expect(fileSlug('x'.repeat(200))).toHaveLength(80);
  });
});
