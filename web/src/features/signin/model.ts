/**
 * What the sign-in page says about a refused sign-in or a failed single sign-on, and where single sign-on starts.
 * The texts are in messages.ts; these pick the key and its values from the server's answer.
 */
import type { SsoError } from '../../../../contract/auth.ts';
import { ApiError } from '../../app/api.ts';
import type { messages } from './messages.ts';

type Key = keyof (typeof messages)['en'];

/** Every code the server sends back (contract/auth.ts SSO_ERRORS): a new one fails to compile until it has a text. */
const SSO_CODES = {
  oidc_not_configured: true,
  oidc_unavailable: true,
  oidc_state: true,
  oidc_denied: true,
  oidc_failed: true,
  oidc_no_role: true,
  oidc_no_scope: true,
  account_disabled: true,
} as const satisfies Record<SsoError, true>;

/** The message of an `sso_error` code of the URL; null when there is none. */
export function ssoProblem(code: string | null): { key: Key; vars?: Record<string, string> } | null {
  if (!code) return null;
  if (Object.hasOwn(SSO_CODES, code)) return { key: `sso.${code as SsoError}` };
  // a code this page does not know yet is still shown, as the server named it
  return { key: 'sso.unknown', vars: { code: code.slice(0, 60) } };
}

/**
 * The page's own sentence for a refused sign-in: a wrong name or password, a lock with the minutes to wait, a slow-down
 * with the seconds; null for any other error (shown with the server's message).
 */
export function signInProblem(err: unknown): { key: Key; vars?: Record<string, number> } | null {
  if (!(err instanceof ApiError)) return null;
  if (err.code === 'wrong_credentials') return { key: 'wrong' };
  if (err.code !== 'too_many_attempts') return null;
  const d = (err.details ?? {}) as { retry_after?: number; locked?: boolean; who?: string };
  const seconds = Math.max(1, Math.ceil(Number(d.retry_after) || 1));
  if (d.locked)
    return {
      key: d.who === 'address' ? 'locked.address' : 'locked.account',
      vars: { minutes: Math.max(1, Math.ceil(seconds / 60)) },
    };
  return { key: 'wait', vars: { seconds } };
}

/** Where the single sign-on button goes: the server's start, coming back to `returnTo` (a navigation, not a call). */
export function ssoStartHref(start: string, returnTo: string): string {
  return `${start}${start.includes('?') ? '&' : '?'}return=${encodeURIComponent(returnTo)}`;
}
