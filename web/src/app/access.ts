/**
 * Who may see what in the web app, mirroring the server's access rules (contract/endpoints.ts `access`): the shell
 * hides pages and buttons a role cannot use; the server refuses them anyway. Also the sign-in page's address and the
 * page to come back to after signing in.
 */
import type { Access, Me, Role } from '../../../contract/auth.ts';
import type { Lang } from './format.ts';

export type { Access, Me, Role };

/** The roles in the order the pages list them (contract/auth.ts ROLES, which the web app may not import as code). */
export const ROLES = ['viewer', 'analyst', 'steward', 'admin'] as const satisfies readonly Role[];
// every role of the contract is listed: this fails to compile when the contract gains one
const _allRoles: Record<Exclude<Role, (typeof ROLES)[number]>, never> = {};
void _allRoles;

/** Whether someone with these roles may use what needs `access` (an administrator may do everything). */
export function allows(access: Access | undefined, me: Pick<Me, 'roles'> | null): boolean {
  if (!access || access === 'public') return true;
  if (!me) return false;
  return access === 'signed-in' || me.roles.includes('admin') || me.roles.includes(access);
}

/** The sign-in page's path (contract/auth.ts SIGN_IN_PAGE: single sign-on sends failures there). */
export const SIGN_IN_PATH = '/signin';

/**
 * A page of this site to come back to, else '/': the same rule the server applies to single sign-on's `return`
 * (docs/security.md, "No open redirect"), and never the sign-in page itself.
 */
export function safeReturn(target: string | null | undefined): string {
  if (!target || !target.startsWith('/') || target.startsWith('//')) return '/';
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(target)) return '/';
  let url: URL;
  try {
    url = new URL(target, 'http://atlas.invalid');
  } catch {
    return '/';
  }
  if (url.origin !== 'http://atlas.invalid') return '/';
  if (url.pathname === '/api' || url.pathname.startsWith('/api/') || url.pathname === SIGN_IN_PATH) return '/';
  return `${url.pathname}${url.search}`;
}

/** A path of this site with its `lang` parameter set to `lang` (left out for Chinese, the default). */
export function withLang(path: string, lang: Lang): string {
  const url = new URL(path, 'http://atlas.invalid');
  if (lang === 'zh-CN') url.searchParams.delete('lang');
  else url.searchParams.set('lang', lang);
  const qs = url.searchParams.toString().replaceAll('%2C', ',');
  return `${url.pathname}${qs ? `?${qs}` : ''}`;
}

/** The sign-in page that comes back to `returnTo` (a path and query of this site) afterwards, in `lang`. */
export function signInHref(returnTo: string, lang: Lang): string {
  const q = new URLSearchParams();
  if (lang !== 'zh-CN') q.set('lang', lang);
  const back = safeReturn(returnTo);
  if (back !== '/') q.set('return', back);
  const qs = q.toString();
  return qs ? `${SIGN_IN_PATH}?${qs}` : SIGN_IN_PATH;
}

/** The language a return path was in, for a sign-in page reached without one (single sign-on's failures). */
export function langOf(path: string | null): Lang | null {
  if (!path) return null;
  return new URL(path, 'http://atlas.invalid').searchParams.get('lang') === 'en' ? 'en' : null;
}
