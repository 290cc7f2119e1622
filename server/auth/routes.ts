import { Router } from 'express';
import { endpoints } from '../../contract/endpoints.ts';
import { route } from '../api/endpoint.ts';
import { clientAddress, hasRole, identityOf as requestIdentity, signedIn, type Identity } from '../api/identity.ts';
import { actorOf, errorOutcome, type AuditSink } from '../audit-log.ts';
import { AtlasError } from '../errors.ts';
import type { AccountRow } from './accounts.ts';
import { SESSION_COOKIE, cookieValue, setSessionCookie, type AuthService } from './service.ts';

/** Sign-in and sign-out, who am I, API tokens, and the administration of accounts (docs/api.md "Accounts"). */
export function authRoutes(auth: AuthService, audit: AuditSink): Router {
  const router = Router();
  const secure = process.env.ATLAS_COOKIE_SECURE === '1';

  route(router, endpoints.signIn, async ({ body }, req, res) => {
    const client = { address: clientAddress(req), userAgent: req.get('user-agent') ?? '' };
    const attempt = { actor: body.name, address: client.address, action: 'sign_in', target: body.name } as const;
    const { account, token, expires } = await auth.signIn(body.name, body.password, client).catch(async (err) => {
      await audit.record({ ...attempt, ...errorOutcome(err) });
      throw err;
    });
    await audit.record({ ...attempt, outcome: 'ok', detail: { via: 'password' } });
    setSessionCookie(res, token, expires);
    return { ...me({ ...identityOf(account), via: 'session' }, auth), expires_at: expires.toISOString() };
  });

  route(router, endpoints.signOut, async (_input, req, res) => {
    const token = cookieValue(req.get('cookie'), SESSION_COOKIE);
    const ended = token ? await auth.sessions.revoke(token) : false;
    if (ended) await audit.record({ ...actorOf(req, res), action: 'sign_out', outcome: 'ok' });
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
    return { signed_out: ended };
  });

  route(router, endpoints.me, (_input, _req, res) => me(signedIn(res), auth));

  route(router, endpoints.myTokens, async (_input, _req, res) => {
    const id = signedIn(res);
    return { tokens: id.accountId === null ? [] : (await auth.sessions.listTokens(id.accountId)).map(tokenInfo) };
  });

  route(router, endpoints.createToken, async ({ body }, req, res) => {
    const account = await accountOf(auth, signedIn(res));
    const created = await auth.sessions.createToken(account, body.name, body.expires_days);
    const info = (await auth.sessions.listTokens(account.id)).find((t) => t.id === created.id)!;
    const detail = { name: body.name, owner: account.name, expires_at: info.expires_at };
    await audit.record({ ...actorOf(req, res), action: 'token_create', target: created.id, outcome: 'ok', detail });
    res.status(201);
    return { ...tokenInfo(info), token: created.token };
  });

  route(router, endpoints.revokeToken, async ({ params }, req, res) => {
    const id = signedIn(res);
    const tokens = await auth.sessions.listTokens(hasRole(id, 'admin') ? null : id.accountId);
    if (!tokens.some((t) => t.id === params.id))
      throw new AtlasError(
        'unknown_token',
        `there is no token ${params.id} of yours`,
        404,
        { field: 'id' },
        `没有你的令牌 ${params.id}`,
      );
    await auth.sessions.revokeToken(params.id);
    const revoked = tokens.find((t) => t.id === params.id)!;
    const detail = { name: revoked.name, owner: revoked.user };
    await audit.record({ ...actorOf(req, res), action: 'token_revoke', target: params.id, outcome: 'ok', detail });
    return { id: params.id, revoked: true };
  });

  route(router, endpoints.allTokens, async () => ({
    tokens: (await auth.sessions.listTokens(null)).map(tokenInfo),
  }));

  route(router, endpoints.accounts, async () => ({ accounts: (await auth.accounts.list()).map(accountInfo) }));

  route(router, endpoints.createAccount, async ({ body }, req, res) => {
    const created = await auth.accounts.add(body);
    const detail = { roles: created.roles, scope: created.scope, password: created.password_hash !== null };
    await audit.record({ ...actorOf(req, res), action: 'account_create', target: created.name, outcome: 'ok', detail });
    res.status(201);
    return accountInfo(created);
  });

  route(router, endpoints.changeAccount, async ({ params, body }, req, res) => {
    const id = requestIdentity(res);
    if (id?.user === params.name && (body.disabled || (body.roles && !body.roles.includes('admin'))))
      throw new AtlasError(
        'own_account',
        'an administrator cannot disable their own account or take away their own admin role',
        409,
        undefined,
        '管理员不能停用自己的账户，也不能去掉自己的管理员角色',
      );
    const changed = await auth.accounts.change(params.name, body);
    const { password, ...fields } = body;
    const detail = { ...fields, password_changed: password !== undefined };
    await audit.record({ ...actorOf(req, res), action: 'account_change', target: params.name, outcome: 'ok', detail });
    return accountInfo(changed);
  });

  return router;
}

function me(id: Identity, auth: AuthService) {
  return { user: id.user, roles: id.roles, scope: id.scope, mode: auth.currentMode, via: id.via };
}

function identityOf(a: AccountRow): Identity {
  return { user: a.name, accountId: a.id, roles: a.roles, scope: a.scope, mode: 'accounts', via: 'session' };
}

async function accountOf(auth: AuthService, id: Identity): Promise<AccountRow> {
  const account = id.accountId === null ? undefined : await auth.accounts.byId(id.accountId);
  if (!account)
    throw new AtlasError(
      'no_account',
      'API tokens belong to accounts; in local mode, create an account first',
      409,
      undefined,
      'API 令牌属于账户；本地模式下请先创建账户',
    );
  return account;
}

function tokenInfo(t: Awaited<ReturnType<AuthService['sessions']['listTokens']>>[number]) {
  const { account_id: _a, ...info } = t;
  return info;
}

export function accountInfo(a: AccountRow) {
  return {
    name: a.name,
    roles: a.roles,
    scope: a.scope,
    disabled: a.disabled,
    has_password: a.password_hash !== null,
    single_sign_on: a.oidc_subject !== null,
    created_at: a.created_at,
    updated_at: a.updated_at,
  };
}
