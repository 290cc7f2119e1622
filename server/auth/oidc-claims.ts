/**
 * From a provider's claims to an Atlas account: its roles, its regional scope and, for a first sign-in, its name. The
 * provider is the authority for accounts that sign in through it: each sign-in takes roles and scope from the claims
 * again (docs/security.md, "Single sign-on").
 */
import { createHash } from 'node:crypto';
import { ROLES, type Role } from '../../contract/auth.ts';
import { REFERENCE_CODES } from '../db/schema.ts';
import type { Scope } from '../db/scope.ts';
import type { OidcSettings } from './oidc-config.ts';

export type Claims = Record<string, unknown>;

/**
 * A claim by name, or by a dotted path into nested objects (`realm_access.roles`). The whole name is tried first:
 * some providers name claims with URLs (`https://bureau.example/roles`), dots included.
 */
export function claimValue(claims: Claims, name: string): unknown {
  if (name in claims) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A claim's values as strings: a list, or one text of space- or comma-separated values. */
export function claimValues(claims: Claims, name: string): string[] {
  const value = claimValue(claims, name);
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  return [...new Set(items.filter((v): v is string => typeof v === 'string' && v !== ''))];
}

/**
 * The roles the claims give, in the order of ROLES; none when nothing maps. Without a role map, values that are Atlas
 * role names count; with one, only the map counts (a provider's group that happens to be called "admin" gives nothing
 * unless the map says so).
 */
export function rolesFromClaims(claims: Claims, s: Pick<OidcSettings, 'rolesClaim' | 'roleMap'>): Role[] {
  const values = claimValues(claims, s.rolesClaim);
  const given = new Set<string>(s.roleMap ? values.flatMap((v) => s.roleMap!.get(v) ?? []) : values);
  return ROLES.filter((r) => given.has(r));
}

/**
 * The scope the claims give: national without a scope claim; else the claim's region codes of the reference list
 * (`national` or `000000` among them: national). undefined when the claim holds no known code: such an account may
 * not sign in. Codes the reference list does not know are left out and returned in `unknown`, for the log.
 */
export function scopeFromClaims(
  claims: Claims,
  s: Pick<OidcSettings, 'scopeClaim'>,
): { scope: Scope | undefined; unknown: string[] } {
  if (!s.scopeClaim) return { scope: null, unknown: [] };
  const values = claimValues(claims, s.scopeClaim);
  if (values.some((v) => v.toLowerCase() === 'national' || v === '000000')) return { scope: null, unknown: [] };
  const known = values.filter((v) => REFERENCE_CODES.regions.has(v));
  const unknown = values.filter((v) => !REFERENCE_CODES.regions.has(v));
  return { scope: known.length ? known.sort() : undefined, unknown };
}

const NAME_CHARS = /[^A-Za-z0-9_.@-]/g;

/**
 * The name of a new account: preferred_username, else email, else the subject, cut to what an account name may hold.
 * `taken` says whether a name belongs to another account; a name that does is made unique with a few characters
 * derived from the issuer and subject (so the same person gets the same name on every server), and never linked to
 * the account that has it.
 */
export function accountName(claims: Claims, issuer: string, subject: string, taken: (name: string) => boolean): string {
  const wanted = [claims.preferred_username, claims.email, subject].find(
    (v): v is string => typeof v === 'string' && /[A-Za-z0-9]/.test(v),
  );
  const base = (wanted ?? 'user').replace(NAME_CHARS, '-').replace(/^[^A-Za-z0-9]+/, '');
  const suffix = createHash('sha256').update(`${issuer}\n${subject}`).digest('hex');
  for (const candidate of [base.slice(0, 64), `${base.slice(0, 55)}-${suffix.slice(0, 8)}`]) {
    if (!taken(candidate)) return candidate;
  }
  return `${base.slice(0, 47)}-${suffix.slice(0, 16)}`;
}
