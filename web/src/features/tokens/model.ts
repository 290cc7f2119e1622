/** API tokens as the page lists them: whether each still works, and the choices of a new one's lifetime. */
import type { TokenInfo } from '../../../../contract/auth.ts';

export type TokenStatus = 'active' | 'revoked' | 'expired';

export function tokenStatus(t: Pick<TokenInfo, 'revoked_at' | 'expires_at'>, now = Date.now()): TokenStatus {
  if (t.revoked_at) return 'revoked';
  if (t.expires_at && Date.parse(t.expires_at) <= now) return 'expired';
  return 'active';
}

/** Lifetimes offered for a new token, in days; the server's default (90) first. */
export const EXPIRY_DAYS = [90, 30, 7, 365] as const;

/** Working tokens first, then the newest. */
export function sortTokens<T extends Pick<TokenInfo, 'revoked_at' | 'expires_at' | 'created_at'>>(
  tokens: readonly T[],
  now = Date.now(),
): T[] {
  const rank = (t: T) => (tokenStatus(t, now) === 'active' ? 0 : 1);
  return [...tokens].sort((a, b) => rank(a) - rank(b) || b.created_at.localeCompare(a.created_at));
}

export function tokenBody(name: string, days: number) {
  return { name: name.trim(), expires_days: days };
}
