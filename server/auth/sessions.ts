/**
 * Browser sessions and API tokens: a random secret handed to the client (an HttpOnly cookie, or a bearer token shown
 * once), of which only the SHA-256 is stored. A session ends after ATLAS_SESSION_IDLE_MINUTES without a request
 * (default 30), ATLAS_SESSION_MAX_HOURS after sign-in (default 12), at sign-out, or when its account changes (password,
 * roles, scope, disabled). Resolving a secret is an in-memory look-up once seen; the time of last use is written in
 * batches, not per request.
 */
import { createHash, randomBytes } from 'node:crypto';
import { execute, queryOne, queryRows } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import { AtlasError } from '../errors.ts';
import type { AccountRow, Accounts } from './accounts.ts';
import type { SecurityStore } from './store.ts';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const secret = () => randomBytes(32).toString('base64url');

/** A positive number from the environment, or the fallback. */
export function envNumber(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

interface SessionRow {
  id_hash: string;
  account_id: number;
  auth_version: number;
  last_seen_ms: number;
  expires_ms: number;
  revoked: boolean;
}

interface TokenRow {
  id: string;
  account_id: number;
  expires_ms: number | null;
  revoked: boolean;
}

/** How often the last use of sessions and tokens is written. */
const TOUCH_EVERY_MS = 60_000;

export class Sessions {
  readonly idleMs = envNumber('ATLAS_SESSION_IDLE_MINUTES', 30) * 60_000;
  readonly maxMs = envNumber('ATLAS_SESSION_MAX_HOURS', 12) * 3_600_000;
  private sessions = new Map<string, SessionRow>();
  private tokens = new Map<string, TokenRow>();
  private touchedSessions = new Set<string>();
  private touchedTokens = new Set<string>();
  private timer: NodeJS.Timeout;

  constructor(
    private readonly store: SecurityStore,
    private readonly accounts: Accounts,
  ) {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), TOUCH_EVERY_MS);
    this.timer.unref();
  }

  /** Sign an account in: the cookie's secret and when the session ends at the latest. */
  async create(account: AccountRow, client: { address: string; userAgent: string }) {
    const token = secret();
    const expires = new Date(Date.now() + this.maxMs);
    await this.store.write((con) =>
      execute(con, sqlFile('security/session_insert'), {
        id_hash: sha256(token),
        account_id: account.id,
        auth_version: account.auth_version,
        expires_at: expires.toISOString(),
        address: client.address,
        user_agent: client.userAgent.slice(0, 300),
      }),
    );
    return { token, expires };
  }

  /** The account a session secret signs in, or null when it has ended (or never existed). */
  async resolve(token: string): Promise<AccountRow | null> {
    const hash = sha256(token);
    let row = this.sessions.get(hash);
    if (!row) {
      row = await this.store.withConnection((con) =>
        queryOne<SessionRow & Record<string, unknown>>(con, sqlFile('security/session_get'), { id_hash: hash }),
      );
      if (!row) return null;
      this.sessions.set(hash, row);
    }
    const now = Date.now();
    const account = await this.accounts.byId(row.account_id);
    const ended =
      row.revoked ||
      now > row.expires_ms ||
      now - row.last_seen_ms > this.idleMs ||
      !account ||
      account.disabled ||
      account.auth_version !== row.auth_version;
    if (ended) {
      this.sessions.delete(hash);
      return null;
    }
    row.last_seen_ms = now;
    this.touchedSessions.add(hash);
    return account;
  }

  async revoke(token: string): Promise<boolean> {
    const hash = sha256(token);
    this.sessions.delete(hash);
    return this.store.write(async (con) => {
      const before = await queryOne<{ n: number }>(
        con,
        'SELECT count(*) AS n FROM session WHERE id_hash = $h AND revoked_at IS NULL',
        { h: hash },
      );
      await execute(con, sqlFile('security/session_revoke'), { id_hash: hash });
      return (before?.n ?? 0) > 0;
    });
  }

  /** Forget what is cached about sessions (an account changed: they are checked against it again). */
  forgetCached(): void {
    this.sessions.clear();
    this.tokens.clear();
  }

  /** A new API token for an account: the secret (shown once) and its id. */
  async createToken(account: AccountRow, name: string, expiresDays = 90) {
    const id = `tok_${randomBytes(6).toString('base64url')}`;
    const token = `atl_${secret()}`;
    const expires = new Date(Date.now() + expiresDays * 86_400_000);
    await this.store.write((con) =>
      execute(con, sqlFile('security/token_insert'), {
        id,
        account_id: account.id,
        name,
        token_hash: sha256(token),
        expires_at: expires.toISOString(),
      }),
    );
    return { id, token };
  }

  /** The account a bearer token signs in, or null (unknown, revoked, expired, or its account disabled). */
  async resolveToken(token: string): Promise<{ account: AccountRow; tokenId: string } | null> {
    const hash = sha256(token);
    let row = this.tokens.get(hash);
    if (!row) {
      row = await this.store.withConnection((con) =>
        queryOne<TokenRow & Record<string, unknown>>(con, sqlFile('security/token_by_hash'), { token_hash: hash }),
      );
      if (!row) return null;
      this.tokens.set(hash, row);
    }
    const account = await this.accounts.byId(row.account_id);
    if (row.revoked || (row.expires_ms !== null && Date.now() > row.expires_ms) || !account || account.disabled) {
      this.tokens.delete(hash);
      return null;
    }
    this.touchedTokens.add(row.id);
    return { account, tokenId: row.id };
  }

  async listTokens(accountId: number | null) {
    return this.store.withConnection((con) =>
      queryRows<{
        id: string;
        user: string;
        name: string;
        created_at: string;
        expires_at: string | null;
        revoked_at: string | null;
        last_used_at: string | null;
        account_id: number;
      }>(con, sqlFile('security/token_list'), { account_id: accountId }),
    );
  }

  async revokeToken(id: string): Promise<void> {
    const revoked = await this.store.write((con) => queryRows(con, sqlFile('security/token_revoke'), { id }));
    if (!revoked.length)
      throw new AtlasError(
        'unknown_token',
        `there is no active token ${id}`,
        404,
        { field: 'id' },
        `没有有效的令牌 ${id}`,
      );
    this.tokens.clear();
  }

  /** Write the last use of sessions and tokens seen since the last flush. */
  async flush(): Promise<void> {
    const sessions = [...this.touchedSessions];
    const tokens = [...this.touchedTokens];
    this.touchedSessions.clear();
    this.touchedTokens.clear();
    if (!sessions.length && !tokens.length) return;
    await this.store.write(async (con) => {
      if (sessions.length) await execute(con, sqlFile('security/session_touch'), { id_hashes: sessions });
      if (tokens.length) await execute(con, sqlFile('security/token_touch'), { ids: tokens });
      await execute(con, sqlFile('security/session_purge'));
    });
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush().catch(() => undefined);
  }
}
