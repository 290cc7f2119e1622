/**
 * Single sign-on with OpenID Connect: the authorization code flow with PKCE, a nonce and a state, through openid-client
 * (docs/security.md, "Single sign-on"). `begin` makes the provider's authorization URL and remembers what the answer
 * must match; `finish` checks the answer, exchanges the code, validates the ID token, reads the claims (ID token and
 * UserInfo) and finds, creates or updates the account linked to (issuer, subject).
 */
import * as client from 'openid-client';
import type { SsoError } from '../../contract/auth.ts';
import { Mutex } from '../db/mutex.ts';
import type { AccountRow } from './accounts.ts';
import { accountName, claimValue, rolesFromClaims, scopeFromClaims, type Claims } from './oidc-claims.ts';
import type { OidcSettings } from './oidc-config.ts';
import type { AuthService } from './service.ts';

/** A sign-in that did not happen, with the code the sign-in page shows and a reason for the log. */
export class OidcFailure extends Error {
  constructor(
    readonly code: SsoError,
    reason: string,
    /** Where the user wanted to go, when known (the failure page offers it again). */
    readonly returnTo?: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = 'OidcFailure';
  }
}

/** What an answer must match, kept in this process by state until it comes back. */
interface Pending {
  verifier: string;
  nonce: string;
  redirectUri: string;
  returnTo: string;
  expires: number;
}

/** How long a user may take at the provider. */
export const PENDING_MS = 10 * 60_000;
/** Sign-ins started and not finished that are remembered: the start is public, so its memory is bounded. */
const MAX_PENDING = 10_000;
/** Seconds for each request to the provider. */
const PROVIDER_TIMEOUT_S = 10;

export class OidcSignIn {
  private config: Promise<client.Configuration> | undefined;
  private readonly pending = new Map<string, Pending>();
  /** Two first sign-ins of one person must not both create an account. */
  private readonly provisioning = new Mutex();

  constructor(
    readonly settings: OidcSettings,
    private readonly auth: AuthService,
    private readonly now: () => number = Date.now,
  ) {}

  /** The provider's metadata, fetched at the first sign-in and kept; fetched again after a failure. */
  private configuration(): Promise<client.Configuration> {
    const s = this.settings;
    this.config ??= client.discovery(
      s.issuer,
      s.clientId,
      s.clientSecret ? { client_secret: s.clientSecret } : undefined,
      s.clientSecret ? client.ClientSecretBasic(s.clientSecret) : client.None(),
      {
        // only a loopback issuer may be http (oidc-config.ts)
        execute: s.issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
        timeout: PROVIDER_TIMEOUT_S,
      },
    );
    const current = this.config;
    current.catch(() => {
      if (this.config === current) this.config = undefined;
    });
    return current;
  }

  /** The provider's authorization URL for a new sign-in, and its state (the browser keeps it in a cookie). */
  async begin(redirectUri: string, returnTo: string): Promise<{ url: URL; state: string }> {
    let config: client.Configuration;
    try {
      config = await this.configuration();
    } catch (err) {
      throw new OidcFailure('oidc_unavailable', `discovery of ${this.settings.issuer.href} failed`, returnTo, {
        cause: err,
      });
    }
    const state = client.randomState();
    const nonce = client.randomNonce();
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: this.settings.scopes,
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    this.remember(state, { verifier, nonce, redirectUri, returnTo, expires: this.now() + PENDING_MS });
    return { url, state };
  }

  private remember(state: string, p: Pending): void {
    const now = this.now();
    // a Map iterates in insertion order: the oldest first
    for (const [key, old] of this.pending) {
      if (old.expires > now && this.pending.size < MAX_PENDING) break;
      this.pending.delete(key);
    }
    this.pending.set(state, p);
  }

  /**
   * Check the provider's answer (the callback's query) against the sign-in this browser started (`browserState`, from
   * its cookie), exchange the code and return the account, created or brought up to date from the claims.
   */
  async finish(
    browserState: string | undefined,
    answer: URLSearchParams,
  ): Promise<{ account: AccountRow; returnTo: string }> {
    const state = answer.get('state');
    const p = state ? this.pending.get(state) : undefined;
    if (state) this.pending.delete(state);
    if (!state || !p || state !== browserState || p.expires <= this.now())
      throw new OidcFailure(
        'oidc_state',
        !state
          ? 'the answer has no state'
          : state !== browserState
            ? 'the state is not the one this browser started with'
            : 'the state is unknown, expired or already used',
        p?.returnTo,
      );
    const error = answer.get('error');
    if (error)
      throw new OidcFailure(
        'oidc_denied',
        `the provider answered ${error}: ${answer.get('error_description') ?? ''}`,
        p.returnTo,
      );

    let config: client.Configuration;
    try {
      config = await this.configuration();
    } catch (err) {
      throw new OidcFailure('oidc_unavailable', 'discovery failed', p.returnTo, { cause: err });
    }
    const current = new URL(p.redirectUri);
    current.search = answer.toString();
    let claims: Claims;
    try {
      const tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: p.verifier,
        expectedState: state,
        expectedNonce: p.nonce,
        idTokenExpected: true,
      });
      const id = tokens.claims()!;
      claims = { ...id };
      // providers put groups and custom claims in UserInfo rather than the ID token (OIDC Core 5.4)
      if (config.serverMetadata().userinfo_endpoint && tokens.access_token)
        claims = { ...(await client.fetchUserInfo(config, tokens.access_token, id.sub)), ...id };
    } catch (err) {
      throw new OidcFailure(unreachable(err) ? 'oidc_unavailable' : 'oidc_failed', describe(err), p.returnTo, {
        cause: err,
      });
    }
    const account = await this.provision(config.serverMetadata().issuer, claims.sub as string, claims, p.returnTo);
    return { account, returnTo: p.returnTo };
  }

  /**
   * The account linked to (issuer, subject): created at the first sign-in; later, its roles and scope follow the
   * claims, and its auth_version (which ends its other sessions) moves on only when they changed.
   */
  private provision(issuer: string, subject: string, claims: Claims, returnTo: string): Promise<AccountRow> {
    const accounts = this.auth.accounts;
    return this.provisioning.run(async () => {
      const existing = await accounts.bySubject(issuer, subject);
      if (existing?.disabled) throw new OidcFailure('account_disabled', `${existing.name} is disabled`, returnTo);
      const roles = rolesFromClaims(claims, this.settings);
      if (!roles.length)
        throw new OidcFailure(
          'oidc_no_role',
          `the claim ${this.settings.rolesClaim} of ${subject} maps to no role (${JSON.stringify(claimValue(claims, this.settings.rolesClaim) ?? null)})`,
          returnTo,
        );
      const { scope, unknown } = scopeFromClaims(claims, this.settings);
      if (scope === undefined)
        throw new OidcFailure(
          'oidc_no_scope',
          `the claim ${this.settings.scopeClaim} of ${subject} holds no known region code${unknown.length ? ` (${unknown.join(', ')})` : ''}`,
          returnTo,
        );
      if (existing) {
        const same = existing.roles.join() === roles.join() && JSON.stringify(existing.scope) === JSON.stringify(scope);
        return same ? existing : accounts.change(existing.name, { roles, scope });
      }
      const names = new Set((await accounts.list()).map((a) => a.name));
      const name = accountName(claims, issuer, subject, (n) => names.has(n));
      return accounts.add({ name, roles, scope, oidc: { issuer, subject } });
    });
  }
}

/** A network failure or a timeout: the provider is down or out of reach, not wrong. */
function unreachable(err: unknown): boolean {
  for (let e = err; e instanceof Error; e = e.cause) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
    if (e instanceof TypeError && e.message === 'fetch failed') return true;
  }
  return false;
}

function describe(err: unknown): string {
  if (err instanceof client.ResponseBodyError) return `${err.error}: ${err.error_description ?? err.message}`;
  return err instanceof Error ? err.message : String(err);
}
