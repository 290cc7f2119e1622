import { describe, expect, it } from 'vitest';
import {
  formatChange,
  formatCny,
  formatDate,
  formatDuration,
  formatMonth,
  formatNumber,
  formatPercent,
} from './format.ts';

describe('formatNumber', () => {
  it('uses 万 and 亿 in Chinese', () => {
    expect(formatNumber(9_999, 'zh-CN')).toBe('9,999');
    expect(formatNumber(12_345, 'zh-CN')).toBe('1.23万');
    expect(formatNumber(1_500_000, 'zh-CN')).toBe('150万');
    expect(formatNumber(230_000_000, 'zh-CN')).toBe('2.3亿');
    expect(formatNumber(-45_600, 'zh-CN')).toBe('-4.56万');
  });
  it('uses K, M and B in English', () => {
    expect(formatNumber(999, 'en')).toBe('999');
    expect(formatNumber(12_345, 'en')).toBe('12.3K');
    expect(formatNumber(1_500_000, 'en')).toBe('1.5M');
    expect(formatNumber(2_300_000_000, 'en')).toBe('2.3B');
  });
  it('writes a dash for missing values', () => {
    expect(formatNumber(null, 'en')).toBe('—');
    expect(formatNumber(Number.NaN, 'zh-CN')).toBe('—');
  });
});

describe('money, percentages, dates', () => {
  it('formats CNY', () => {
    expect(formatCny(123_000_000, 'zh-CN')).toBe('1.23亿元');
    expect(formatCny(123_000_000, 'en')).toBe('¥123M');
  });
  it('formats signed percentages', () => {
    expect(formatPercent(0.1234, 'en', { signed: true })).toBe('+12.3%');
    expect(formatPercent(-0.05, 'zh-CN', { signed: true })).toBe('-5%');
  });
  it('formats months and dates', () => {
    expect(formatMonth('2024-03', 'zh-CN')).toBe('2024年3月');
    expect(formatMonth('2024-03-01', 'en')).toBe('Mar 2024');
    expect(formatDate('2024-03-05', 'zh-CN')).toBe('2024年3月5日');
    expect(formatDate('2024-03-05', 'en')).toBe('Mar 5, 2024');
  });
  it('formats timestamps in local time, breakable only between date and time', () => {
    // midday UTC: the same calendar day in every time zone from UTC-11 to UTC+11
    expect(formatDate('2024-03-05T12:00:00Z', 'en')).toMatch(/^Mar\u00a05,\u00a02024, \d\d:\d\d$/);
    expect(formatDate('2024-03-05T12:00:00Z', 'zh-CN')).toMatch(/^2024年3月5日 \d\d:\d\d$/);
  });
  it('formats durations', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_340)).toBe('12.3 s');
  });
});

describe('formatChange', () => {
  it('signs a change, and writes one that rounds to nothing as 0 rather than +0 or -0', () => {
    expect(formatChange(0.0123, 'en', 3)).toBe('+0.012');
    expect(formatChange(-0.0041, 'en', 3)).toBe('-0.004');
    expect(formatChange(0.0003, 'en', 3)).toBe('0');
    expect(formatChange(-0.0003, 'en', 3)).toBe('0');
    expect(formatChange(0, 'zh-CN', 3)).toBe('0');
    expect(formatChange(1234.5, 'en', 1)).toBe('+1,234.5');
    expect(formatChange(null, 'en')).toBe('—');
  });
});

describe('month arithmetic', async () => {
  const { addMonths, lastMonths, openFrom, shownPeriod } = await import('./months.ts');
  it('crosses year boundaries', () => {
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addMonths('2024-11', 14)).toBe('2026-01');
    expect(lastMonths('2025-12', 12)).toEqual({ from: '2025-01', to: '2025-12' });
  });
  it('resolves an open start as the API does: 12 months up to the end, or from the first month with data', () => {
    const data = { first: '2025-03', last: '2026-10', default_months: 12 };
    expect(openFrom('2026-10', data)).toBe('2025-11');
    expect(openFrom('2025-06', data)).toBe('2025-03');
    expect(openFrom('2026-10', { ...data, first: null })).toBe('2025-11');
    // an end before the data starts keeps its 12 months (server/period.test.ts, the same cases)
    expect(openFrom('2024-06', data)).toBe('2023-07');
    // the length is the server's (GET /api/reference), not a copy of it
    expect(openFrom('2026-10', { ...data, default_months: 3 })).toBe('2026-08');
  });
  it('leaves an open start open until the reference has loaded', () => {
    expect(shownPeriod(null, '2026-10', { first: null, last: null, default_months: 0 })).toEqual({
      from: undefined,
      to: '2026-10',
    });
    expect(shownPeriod(null, null, { first: '2025-03', last: '2026-10', default_months: 12 })).toEqual({
      from: '2025-11',
      to: '2026-10',
    });
    expect(shownPeriod('2026-01', null, { first: '2025-03', last: '2026-10', default_months: 12 })).toEqual({
      from: '2026-01',
      to: '2026-10',
    });
  });
});
