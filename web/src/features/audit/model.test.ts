import { describe, expect, it } from 'vitest';
import { auditQuery, detailText, filtersOf, localDay, localDayBound, PAGE_SIZE } from './model.ts';

const params = (q: string) => {
  const u = new URLSearchParams(q);
  return (k: string) => u.get(k);
};

describe('the audit page’s filters', () => {
  it('read the URL, leaving out what the log does not know', () => {
    expect(
      filtersOf(params('user=%20alice%20&action=sign_in,bogus,sql&outcome=refused&since=2026-12-01&before=40')),
    ).toEqual({
      user: 'alice',
      actions: ['sign_in', 'sql'],
      outcome: 'refused',
      since: '2026-12-01',
      until: null,
      before: 40,
    });
    expect(filtersOf(params('outcome=maybe&since=yesterday&before=-3'))).toMatchObject({
      outcome: null,
      since: null,
      before: null,
    });
  });

  it('send local days as instants with the browser’s own offset', () => {
    const start = localDayBound('2026-12-06', false);
    const end = localDayBound('2026-12-06', true);
    expect(start).toMatch(/^2026-12-06T00:00:00[+-]\d{2}:\d{2}$/);
    expect(end).toMatch(/^2026-12-06T23:59:59\.999[+-]\d{2}:\d{2}$/);
    // the same instants as the local day's first and last millisecond, whatever the time zone of the test
    expect(Date.parse(start)).toBe(new Date(2026, 11, 6).getTime());
    expect(Date.parse(end)).toBe(new Date(2026, 11, 6, 23, 59, 59, 999).getTime());
  });

  it('page the JSON list and ask for every match as CSV', () => {
    const f = filtersOf(params('user=alice&action=sign_in&until=2026-12-06&before=40'));
    const json = new URLSearchParams(auditQuery(f));
    expect(json.get('user')).toBe('alice');
    expect(json.get('action')).toBe('sign_in');
    expect(json.get('limit')).toBe(String(PAGE_SIZE));
    expect(json.get('before')).toBe('40');
    expect(Date.parse(json.get('until')!)).toBe(new Date(2026, 11, 6, 23, 59, 59, 999).getTime());
    const csv = new URLSearchParams(auditQuery(f, { csv: true }));
    expect(csv.get('format')).toBe('csv');
    expect(csv.has('limit') || csv.has('before')).toBe(false);
  });
});

describe('an entry', () => {
  it('shows its details on one line, long SQL shortened', () => {
    const text = detailText({ sql: `SELECT\n  ${'x, '.repeat(100)}1`, rows: 3, truncated: false, message: '' }, 40);
    expect(text).toMatch(/^sql: SELECT x, x, .{20,}… · rows: 3 · truncated: false$/);
    expect(detailText({ roles: ['viewer', 'analyst'], scope: null })).toBe('roles: ["viewer","analyst"]');
  });

  it('is dated in the reader’s local day', () => {
    const at = new Date(2026, 11, 6, 0, 30).toISOString();
    expect(localDay(at)).toBe('2026-12-06');
  });
});
