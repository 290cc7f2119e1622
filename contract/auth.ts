/**
 * Accounts, roles and regional scope (docs/security.md): who is signed in (GET /api/me), signing in and out, API
 * tokens, and the administration of accounts. The access rule of every endpoint is in endpoints.ts.
 */
import { z } from 'zod';
import { int, required, text } from './params.ts';

/**
 * Roles combine. viewer: the dashboards; analyst: the SQL workbench and exports; steward: ingest and methodology
 * uploads; admin: accounts, tokens and the audit log (and everything else).
 */
export const ROLES = ['viewer', 'analyst', 'steward', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who may call an endpoint: 'public' (anyone, signed in or not), 'signed-in' (any account: aggregated indicators cover
 * every region for everyone), or a role.
 */
export type Access = 'public' | 'signed-in' | Role;

/** local: one local administrator, no sign-in (loopback only); accounts: every request signs in. */
export const AUTH_MODES = ['local', 'accounts'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** National (null) or the region codes an account may see and load at record level. */
export const scope = z
  .array(z.string().regex(/^\d{6}$/))
  .readonly()
  .nullable();

// ---- GET /api/me

export const me = z.object({
  /** The account name; 'local' in local mode. */
  user: z.string(),
  roles: z.array(z.enum(ROLES)),
  scope,
  mode: z.enum(AUTH_MODES),
  /** How this request was signed in. */
  via: z.enum(['local', 'session', 'token']),
});
export type Me = z.infer<typeof me>;

// ---- POST /api/auth/signin, /api/auth/signout

export const signInRequest = z.object({ name: z.string().min(1).max(64), password: z.string().min(1).max(1024) });
export const signedIn = me.extend({ expires_at: z.string() });
export const signedOut = z.object({ signed_out: z.boolean() });

// ---- API tokens

export const tokenInfo = z.object({
  id: z.string(),
  user: z.string(),
  name: z.string(),
  created_at: z.string(),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
});
export const tokenList = z.object({ tokens: z.array(tokenInfo) });
export const tokenRequest = z.object({
  name: z.string().min(1).max(100),
  /** Days until it expires (1–3650); without it, 90. */
  expires_days: z.number().int().min(1).max(3650).optional(),
});
/** The token itself is shown once, here; only its hash is kept. */
export const createdToken = tokenInfo.extend({ token: z.string() });
export const tokenParams = z.object({ id: required((t) => t) });
export type TokenInfo = z.infer<typeof tokenInfo>;

// ---- accounts (admin)

export const account = z.object({
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  scope,
  disabled: z.boolean(),
  has_password: z.boolean(),
  single_sign_on: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export const accountList = z.object({ accounts: z.array(account) });
export const accountParams = z.object({ name: required((t) => t) });
export const accountRequest = z.object({
  name: z.string(),
  roles: z.array(z.enum(ROLES)).min(1),
  scope: scope.optional(),
  password: z.string().optional(),
});
export const accountChange = z.object({
  roles: z.array(z.enum(ROLES)).min(1).optional(),
  scope: scope.optional(),
  disabled: z.boolean().optional(),
  password: z.string().optional(),
});
export type Account = z.infer<typeof account>;

export const sessionsQuery = z.object({ limit: int(1, 1000, 100) });

// ---- single sign-on (OpenID Connect; docs/security.md)

/** GET /api/auth/options: what the sign-in page offers besides a name and password. */
export const authOptions = z.object({
  /** null when single sign-on is not configured; else the button's label (null: "single sign-on") and where it goes. */
  single_sign_on: z.object({ label: z.string().nullable(), start: z.string() }).nullable(),
});
export type AuthOptions = z.infer<typeof authOptions>;

/** `return`: the path of this site to come back to once signed in (anything else goes to /). */
export const oidcStartQuery = z.object({ return: text(2000) });
/** What the provider sends back (RFC 6749 4.1.2, RFC 9207's iss); other parameters are passed on as they came. */
export const oidcCallbackQuery = z.object({
  code: text(4096),
  state: text(512),
  iss: text(2048),
  error: text(256),
  error_description: text(2048),
});

/**
 * Where single sign-on sends the browser when it fails: SIGN_IN_PAGE?sso_error=<code>[&return=<path>], a code the
 * sign-in page shows in Chinese and English.
 */
export const SIGN_IN_PAGE = '/signin';
export const SSO_ERRORS = [
  /** Single sign-on is not configured on this server. */
  'oidc_not_configured',
  /** The provider could not be reached, or its discovery document was refused. */
  'oidc_unavailable',
  /** The answer did not belong to a sign-in started in this browser (missing, mismatched, expired or used state). */
  'oidc_state',
  /** The provider refused or the user cancelled (its error is in the server's log). */
  'oidc_denied',
  /** The code exchange or the ID token's checks failed. */
  'oidc_failed',
  /** The provider's claims give no Atlas role. */
  'oidc_no_role',
  /** The provider's claims give no known region code (with ATLAS_OIDC_SCOPE_CLAIM set). */
  'oidc_no_scope',
  /** The account is disabled in Atlas. */
  'account_disabled',
] as const;
export type SsoError = (typeof SSO_ERRORS)[number];
