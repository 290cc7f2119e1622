/**
 * Accounts, sessions and tokens put together: which mode the server runs in, who a request comes from, signing in and
 * out. docs/security.md describes the rules; the HTTP guards are in http.ts, the routes in routes.ts.
 */
import type { CookieOptions, Request, Response } from 'express';
import type { AuthMode } from '../../contract/auth.ts';
import { LOCAL_ADMIN, type Identity } from '../api/identity.ts';
import { AtlasError } from '../errors.ts';
import { Accounts, type AccountRow } from './accounts.ts';
import { verifyPassword } from './passwords.ts';
import { Sessions } from './sessions.ts';
import type { SecurityStore } from './store.ts';
import { SignInThrottle } from './throttle.ts';

export const SESSION_COOKIE = 'atlas_session';

/** Cookies of this server: HttpOnly, Secure behind TLS (ATLAS_COOKIE_SECURE=1). */
export const cookieBase = (): CookieOptions => ({ httpOnly: true, secure: process.env.ATLAS_COOKIE_SECURE === '1' });

/** The session cookie, however the session was opened (password or single sign-on). */
export function setSessionCookie(res: Response, token: string, expires: Date): void {
  res.cookie(SESSION_COOKIE, token, { ...cookieBase(), sameSite: 'strict', path: '/', expires });
}

/** ATLAS_AUTH: auto (local mode on loopback while no account exists) or required (sign-in always). */
export type AuthSetting = 'auto' | 'required';

export function authSetting(env = process.env.ATLAS_AUTH): AuthSetting {
  if (env === undefined || env === '' || env === 'auto') return 'auto';
  if (env === 'required') return 'required';
  throw new AtlasError('usage', `ATLAS_AUTH must be auto or required, got ${JSON.stringify(env)}`, 2);
}

export const isLoopback = (host: string) => ['127.0.0.1', '::1', 'localhost', '[::1]'].includes(host.toLowerCase());

export class AuthService {
  readonly accounts: Accounts;
  readonly sessions: Sessions;
  readonly throttle = new SignInThrottle();
  private mode: AuthMode = 'accounts';

  constructor(
    readonly store: SecurityStore,
    readonly setting: AuthSetting,
    /** The interface the server listens on: local mode only on loopback. */
    readonly host: string,
  ) {
    this.accounts = new Accounts(store);
    this.sessions = new Sessions(store, this.accounts);
    this.accounts.onChange = () => {
      this.sessions.forgetCached();
      void this.refreshMode();
    };
  }

  /**
   * Decide the mode. auto: local mode while no account exists and the server listens on loopback. A server on another
   * interface with no administrator refuses to start, saying how to create one.
   */
  async start(): Promise<AuthMode> {
    if (!isLoopback(this.host) && !(await this.accounts.hasAdmin()))
      throw new AtlasError(
        'no_admin',
        `Atlas listens on ${this.host}, where everyone must sign in, but there is no administrator account. Create one ` +
          'first: npm run --silent atlas -- users add NAME --role admin --password-stdin',
        2,
        undefined,
        `Atlas 监听 ${this.host}，所有人都须登录，但还没有管理员账户。请先创建：npm run --silent atlas -- users add 名称 --role admin --password-stdin`,
      );
    return this.refreshMode();
  }

  get currentMode(): AuthMode {
    return this.mode;
  }

  private async refreshMode(): Promise<AuthMode> {
    const local = this.setting === 'auto' && isLoopback(this.host) && !(await this.accounts.hasAccounts());
    this.mode = local ? 'local' : 'accounts';
    return this.mode;
  }

  /** Who a request comes from: a bearer token, a session cookie, or the local administrator in local mode. */
  async identify(req: Request): Promise<Identity | null> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (bearer) {
      const t = await this.sessions.resolveToken(bearer);
      if (!t)
        throw new AtlasError(
          'unauthenticated',
          'the API token is not valid (unknown, revoked or expired)',
          401,
          undefined,
          'API 令牌无效（不存在、已撤销或已过期）',
        );
      return { ...identityOf(t.account, this.mode), via: 'token', tokenId: t.tokenId };
    }
    if (this.mode === 'local') return LOCAL_ADMIN;
    const cookie = cookieValue(req.get('cookie'), SESSION_COOKIE);
    if (!cookie) return null;
    const account = await this.sessions.resolve(cookie);
    return account ? identityOf(account, this.mode) : null;
  }

  /** Check a name and password (slowed and locked after failures) and open a session. */
  async signIn(name: string, password: string, client: { address: string; userAgent: string }) {
    this.throttle.check(name, client.address);
    const account = await this.accounts.byName(name);
    const ok = (await verifyPassword(password, account?.password_hash ?? null)) && account && !account.disabled;
    if (!ok || !account) {
      this.throttle.failed(name, client.address);
      throw new AtlasError(
        'wrong_credentials',
        'the account name or the password is wrong, or the account is disabled',
        401,
        undefined,
        '账户名或密码错误，或账户已停用',
      );
    }
    this.throttle.succeeded(name);
    const session = await this.sessions.create(account, client);
    return { account, ...session };
  }

  /** Open a session for an account that signed in elsewhere (single sign-on). */
  openSession(account: AccountRow, client: { address: string; userAgent: string }) {
    return this.sessions.create(account, client);
  }

  async close(): Promise<void> {
    await this.sessions.close();
  }
}

export function identityOf(a: AccountRow, mode: AuthMode): Identity {
  return { user: a.name, accountId: a.id, roles: a.roles, scope: a.scope, mode, via: 'session' };
}

/** One cookie's value from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}
