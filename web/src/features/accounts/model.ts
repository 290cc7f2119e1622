/**
 * The accounts page's forms: what a new account needs before it is sent (the server checks again, and its refusals
 * are shown as they come), and the change of an existing one as the fields that differ.
 */
import type { Account, Role } from '../../../../contract/auth.ts';
import { ROLES } from '../../app/access.ts';

/** The rules of server/auth/accounts.ts and passwords.ts, to say what is wrong before a round trip. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;
export const MIN_PASSWORD = 12;

/** A scope as the form holds it: national, or the chosen regions (possibly none yet). */
export interface ScopeChoice {
  national: boolean;
  regions: string[];
}

export interface AccountDraft {
  name: string;
  password: string;
  roles: Role[];
  scope: ScopeChoice;
}

export type Problem = 'name' | 'password' | 'roles' | 'scope';

export const scopeOf = (c: ScopeChoice): string[] | null => (c.national ? null : [...c.regions].sort());
export const choiceOf = (scope: readonly string[] | null): ScopeChoice =>
  scope === null ? { national: true, regions: [] } : { national: false, regions: [...scope] };

/** Roles in the contract's order, whatever order they were ticked in. */
export const orderedRoles = (roles: readonly string[]): Role[] => ROLES.filter((r) => roles.includes(r));

export function draftProblems(d: AccountDraft): Problem[] {
  const out: Problem[] = [];
  if (!NAME_PATTERN.test(d.name)) out.push('name');
  if (d.password.length < MIN_PASSWORD) out.push('password');
  if (d.roles.length === 0) out.push('roles');
  if (!d.scope.national && d.scope.regions.length === 0) out.push('scope');
  return out;
}

export function createBody(d: AccountDraft) {
  return { name: d.name, password: d.password, roles: orderedRoles(d.roles), scope: scopeOf(d.scope) };
}

export interface AccountEdit {
  roles: Role[];
  scope: ScopeChoice;
  disabled: boolean;
  /** A new password; empty: unchanged. */
  password: string;
}

export const editOf = (a: Account): AccountEdit => ({
  roles: [...a.roles],
  scope: choiceOf(a.scope),
  disabled: a.disabled,
  password: '',
});

export function editProblems(e: AccountEdit): Problem[] {
  const out: Problem[] = [];
  if (e.password && e.password.length < MIN_PASSWORD) out.push('password');
  if (e.roles.length === 0) out.push('roles');
  if (!e.scope.national && e.scope.regions.length === 0) out.push('scope');
  return out;
}

/** The PATCH body: only what differs from the account as listed; null when nothing does. */
export function changeBody(a: Account, e: AccountEdit) {
  const body: { roles?: Role[]; scope?: string[] | null; disabled?: boolean; password?: string } = {};
  const roles = orderedRoles(e.roles);
  if (roles.join() !== orderedRoles(a.roles).join()) body.roles = roles;
  const scope = scopeOf(e.scope);
  if (JSON.stringify(scope) !== JSON.stringify(a.scope === null ? null : [...a.scope].sort())) body.scope = scope;
  if (e.disabled !== a.disabled) body.disabled = e.disabled;
  if (e.password) body.password = e.password;
  return Object.keys(body).length ? body : null;
}

/** How the account signs in: with a password, through single sign-on, or both. */
export function signInKinds(a: Pick<Account, 'has_password' | 'single_sign_on'>): ('password' | 'sso')[] {
  return [...(a.has_password ? (['password'] as const) : []), ...(a.single_sign_on ? (['sso'] as const) : [])];
}
