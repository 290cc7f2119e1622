/**
 * Who a request comes from, as every route sees it (res.locals.identity, set by the auth middleware): the account, its
 * roles and regional scope, how it signed in. In local mode every request is the local administrator.
 */
import type { Request, Response } from 'express';
import type { Access, AuthMode, Role } from '../../contract/auth.ts';
import type { Scope } from '../db/scope.ts';
import { AtlasError } from '../errors.ts';

export interface Identity {
  /** The account name; 'local' in local mode. */
  user: string;
  accountId: number | null;
  roles: Role[];
  scope: Scope;
  mode: AuthMode;
  via: 'local' | 'session' | 'token';
  /** The API token that signed the request in (via 'token'). */
  tokenId?: string;
}

export const LOCAL_ADMIN: Identity = {
  user: 'local',
  accountId: null,
  roles: ['viewer', 'analyst', 'steward', 'admin'],
  scope: null,
  mode: 'local',
  via: 'local',
};

/** The identity of a request, or null when nobody is signed in. */
export function identityOf(res: Response): Identity | null {
  return (res.locals.identity as Identity | undefined) ?? null;
}

/** An admin may do everything; other roles only what they name. */
export function hasRole(id: Identity, role: Role): boolean {
  return id.roles.includes('admin') || id.roles.includes(role);
}

/** Whether an identity may call an endpoint with this access rule. */
export function allows(access: Access, id: Identity | null): boolean {
  if (access === 'public') return true;
  if (!id) return false;
  return access === 'signed-in' || hasRole(id, access);
}

/** The 401 or 403 for an identity that may not call an endpoint with this access rule. */
export function refusal(access: Access, id: Identity | null): AtlasError {
  if (!id) return new AtlasError('unauthenticated', 'sign in first', 401, undefined, '请先登录');
  return new AtlasError(
    'forbidden',
    `this needs the ${access} role; ${id.user} has ${id.roles.join(', ')}`,
    403,
    { needs: access },
    `需要“${ROLE_ZH[access as Role] ?? access}”角色；${id.user} 的角色为 ${id.roles.map((r) => ROLE_ZH[r]).join('、')}`,
  );
}

export const ROLE_ZH: Record<Role, string> = {
  viewer: '查看者',
  analyst: '分析师',
  steward: '数据管理员',
  admin: '系统管理员',
};

/** The identity a route needs: one that is signed in (the access rule has already been checked). */
export function signedIn(res: Response): Identity {
  const id = identityOf(res);
  if (!id) throw refusal('signed-in', null);
  return id;
}

/** The client's address as the audit log and the throttle see it (behind a proxy: Express's trust proxy setting). */
export const clientAddress = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';
