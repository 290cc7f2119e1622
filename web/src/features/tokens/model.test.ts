import { describe, expect, it } from 'vitest';
import { sortTokens, tokenBody, tokenStatus } from './model.ts';

const now = Date.parse('2026-12-06T10:00:00Z');
const token = (id: string, o: { created: string; expires?: string | null; revoked?: string | null }) => ({
  id,
  created_at: o.created,
  expires_at: o.expires ?? null,
  revoked_at: o.revoked ?? null,
});

describe('API tokens', () => {
  it('are active until revoked or expired', () => {
    expect(tokenStatus(token('a', { created: '2026-12-01', expires: '2027-03-01T00:00:00Z' }), now)).toBe('active');
    expect(tokenStatus(token('b', { created: '2026-12-01', expires: '2026-12-06T09:59:59Z' }), now)).toBe('expired');
    expect(
      tokenStatus(token('c', { created: '2026-12-01', expires: '2027-01-01', revoked: '2026-12-02T00:00:00Z' }), now),
    ).toBe('revoked');
    expect(tokenStatus(token('d', { created: '2026-12-01' }), now)).toBe('active');
  });

  it('list the working ones first, newest first', () => {
    const list = [
      token('old', { created: '2026-11-01T00:00:00Z' }),
      token('gone', { created: '2026-12-05T00:00:00Z', revoked: '2026-12-05T01:00:00Z' }),
      token('new', { created: '2026-12-04T00:00:00Z' }),
    ];
    expect(sortTokens(list, now).map((t) => t.id)).toEqual(['new', 'old', 'gone']);
  });

  it('are asked for with a trimmed name and a lifetime in days', () => {
    expect(tokenBody('  nightly backup ', 30)).toEqual({ name: 'nightly backup', expires_days: 30 });
  });
});
