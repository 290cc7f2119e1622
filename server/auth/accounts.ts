/**
 * Accounts: who may sign in, with which roles and regional scope. Read through a small in-memory copy (every request
 * needs its account; there are tens, not millions), written to the security database and the copy refreshed.
 */
import { ROLES, type Role } from '../../contract/auth.ts';
import { queryRows, execute } from '../db/query.ts';
import { REFERENCE_CODES } from '../db/schema.ts';
import { sqlFile } from '../db/sql-files.ts';
import type { Scope } from '../db/scope.ts';
import { AtlasError } from '../errors.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import type { SecurityStore } from './store.ts';

export interface AccountRow {
  id: number;
  name: string;
  password_hash: string | null;
  roles: Role[];
  scope: string[] | null;
  disabled: boolean;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  auth_version: number;
  created_at: string;
  updated_at: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;

export const invalidAccount = (message: string, messageZh: string, field: string) =>
  new AtlasError('invalid_account', message, 400, { field }, messageZh);

export function checkName(name: string): string {
  if (!NAME.test(name))
    throw invalidAccount(
      `an account name is 1 to 64 letters, digits, _ . @ or - (starting with a letter or digit), got ${JSON.stringify(name)}`,
      `账户名须为 1–64 个字母、数字或 _ . @ -（以字母或数字开头），收到 ${JSON.stringify(name)}`,
      'name',
    );
  return name;
}

export function checkRoles(roles: readonly string[]): Role[] {
  const bad = roles.find((r) => !(ROLES as readonly string[]).includes(r));
  if (bad !== undefined || roles.length === 0)
    throw invalidAccount(
      `roles are one or more of ${ROLES.join(', ')}${bad !== undefined ? `, got ${JSON.stringify(bad)}` : ''}`,
      `角色须为以下一个或多个：${ROLES.join('、')}${bad !== undefined ? `，收到 ${JSON.stringify(bad)}` : ''}`,
      'roles',
    );
  return ROLES.filter((r) => roles.includes(r));
}

export function checkScope(scope: readonly string[] | null): string[] | null {
  if (scope === null) return null;
  const codes = [...new Set(scope)];
  const bad = codes.find((c) => !REFERENCE_CODES.regions.has(c) || c === '000000');
  if (bad !== undefined || codes.length === 0)
    throw invalidAccount(
      `a scope is national or a list of region codes of GET /api/reference (not 000000)${bad !== undefined ? `, got ${JSON.stringify(bad)}` : ''}`,
      `范围须为全国，或 GET /api/reference 中的地区代码列表（不含 000000）${bad !== undefined ? `，收到 ${JSON.stringify(bad)}` : ''}`,
      'scope',
    );
  return codes.sort();
}

async function checkedHash(password: string): Promise<string> {
  const problem = passwordProblem(password);
  if (problem) throw invalidAccount(problem.en, problem.zh, 'password');
  return hashPassword(password);
}

export class Accounts {
  private rows: Promise<AccountRow[]> | undefined;
  /** Called after every change (the auth mode and cached sessions look again). */
  onChange: () => void = () => undefined;

  constructor(private readonly store: SecurityStore) {}

  list(): Promise<AccountRow[]> {
    this.rows ??= this.store.withConnection((con) =>
      queryRows<AccountRow & Record<string, unknown>>(con, sqlFile('security/account_list')),
    );
    this.rows.catch(() => (this.rows = undefined));
    return this.rows;
  }

  async byName(name: string): Promise<AccountRow | undefined> {
    return (await this.list()).find((a) => a.name === name);
  }

  async byId(id: number): Promise<AccountRow | undefined> {
    return (await this.list()).find((a) => a.id === id);
  }

  async bySubject(issuer: string, subject: string): Promise<AccountRow | undefined> {
    return (await this.list()).find((a) => a.oidc_issuer === issuer && a.oidc_subject === subject);
  }

  async hasAccounts(): Promise<boolean> {
    return (await this.list()).length > 0;
  }

  async hasAdmin(): Promise<boolean> {
    return (await this.list()).some((a) => !a.disabled && a.roles.includes('admin'));
  }

  async add(o: {
    name: string;
    roles: readonly string[];
    scope?: readonly string[] | null;
    password?: string | null;
    oidc?: { issuer: string; subject: string };
  }): Promise<AccountRow> {
    const name = checkName(o.name);
    const roles = checkRoles(o.roles);
    const scope = checkScope(o.scope ?? null);
    const hash = o.password ? await checkedHash(o.password) : null;
    if (!hash && !o.oidc)
      throw invalidAccount('an account needs a password (or single sign-on)', '账户需要密码（或单点登录）', 'password');
    await this.store.write(async (con) => {
      const taken = await queryRows(con, 'SELECT 1 FROM account WHERE name = $name', { name });
      if (taken.length)
        throw new AtlasError(
          'account_exists',
          `there is an account ${name} already`,
          409,
          { field: 'name' },
          `账户 ${name} 已存在`,
        );
      await execute(con, sqlFile('security/account_insert'), {
        name,
        password_hash: hash,
        roles,
        scope: scope ?? null,
        oidc_issuer: o.oidc?.issuer ?? null,
        oidc_subject: o.oidc?.subject ?? null,
      });
    });
    this.changed();
    return (await this.byName(name))!;
  }

  /** Change roles, scope, status or password; the account's sessions end (its auth_version moves on). */
  async change(
    name: string,
    c: { roles?: readonly string[]; scope?: readonly string[] | null; disabled?: boolean; password?: string },
  ): Promise<AccountRow> {
    const current = await this.byName(name);
    if (!current) throw unknownAccount(name);
    const params = {
      name,
      roles: c.roles !== undefined ? checkRoles(c.roles) : current.roles,
      scope: c.scope !== undefined ? checkScope(c.scope) : current.scope,
      disabled: c.disabled ?? current.disabled,
      password_hash: c.password !== undefined ? await checkedHash(c.password) : current.password_hash,
    };
    await this.store.write((con) => execute(con, sqlFile('security/account_update'), params));
    this.changed();
    return (await this.byName(name))!;
  }

  private changed(): void {
    this.rows = undefined;
    this.onChange();
  }
}

export const unknownAccount = (name: string) =>
  new AtlasError('unknown_account', `there is no account ${name}`, 404, { field: 'name' }, `没有账户 ${name}`);

/** A scope as the database and the API hold it. */
export const scopeOfRow = (a: Pick<AccountRow, 'scope'>): Scope => a.scope;
