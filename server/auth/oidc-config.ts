/**
 * Single sign-on settings, read once from the environment at start (docs/security.md, "Single sign-on"). A setting
 * that cannot work stops the server with a message naming the variable, rather than failing at the first sign-in.
 */
import fs from 'node:fs';
import { ROLES, type Role } from '../../contract/auth.ts';
import { AtlasError } from '../errors.ts';
import { isLoopback } from './service.ts';

/** Where the provider sends the browser back to, under this server's origin. */
export const CALLBACK_PATH = '/api/auth/oidc/callback';

export interface OidcSettings {
  /** The provider's issuer identifier; its discovery document is at <issuer>/.well-known/openid-configuration. */
  issuer: URL;
  clientId: string;
  /** null: a public client (no secret; PKCE alone binds the code to this server). */
  clientSecret: string | null;
  /** null: <the request's own origin>/api/auth/oidc/callback (behind a proxy, set it). */
  redirectUrl: string | null;
  /** Space-separated, always with openid. */
  scopes: string;
  /** The button's text on the sign-in page; null lets the page say "single sign-on" in its own language. */
  label: string | null;
  /** The claim that holds role names or groups: a claim name, or a dotted path into nested claims. */
  rolesClaim: string;
  /** Group name → Atlas roles. null: the claim's values that name an Atlas role are taken as they are. */
  roleMap: ReadonlyMap<string, readonly Role[]> | null;
  /** The claim that holds region codes; null: every account that signs in this way is national. */
  scopeClaim: string | null;
}

type Env = Record<string, string | undefined>;

const usage = (variable: string, message: string, messageZh: string) =>
  new AtlasError('usage', `${variable}: ${message}`, 2, { variable }, `${variable}：${messageZh}`);

/** The settings, or null when ATLAS_OIDC_ISSUER is not set (single sign-on off). */
export function oidcSettings(env: Env = process.env): OidcSettings | null {
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : null;
  };
  const issuerText = get('ATLAS_OIDC_ISSUER');
  if (!issuerText) {
    const stray = Object.keys(env).filter((k) => k.startsWith('ATLAS_OIDC_') && get(k));
    if (stray.length)
      throw usage('ATLAS_OIDC_ISSUER', `not set, but ${stray.join(', ')} is`, `未设置，但设置了 ${stray.join('、')}`);
    return null;
  }
  const issuer = httpsUrl('ATLAS_OIDC_ISSUER', issuerText);
  const clientId = get('ATLAS_OIDC_CLIENT_ID');
  if (!clientId)
    throw usage('ATLAS_OIDC_CLIENT_ID', 'required with ATLAS_OIDC_ISSUER', '设置 ATLAS_OIDC_ISSUER 时必填');
  const redirect = get('ATLAS_OIDC_REDIRECT_URL');
  const scopes = new Set((get('ATLAS_OIDC_SCOPES') ?? 'openid profile email').split(/[\s,]+/).filter(Boolean));
  scopes.delete('openid');
  return {
    issuer,
    clientId,
    clientSecret: get('ATLAS_OIDC_CLIENT_SECRET'),
    redirectUrl: redirect ? ownUrl(redirect) : null,
    scopes: ['openid', ...scopes].join(' '),
    label: get('ATLAS_OIDC_LABEL'),
    rolesClaim: get('ATLAS_OIDC_ROLES_CLAIM') ?? 'roles',
    roleMap: roleMap(get('ATLAS_OIDC_ROLE_MAP'), get('ATLAS_OIDC_ROLE_MAP_FILE')),
    scopeClaim: get('ATLAS_OIDC_SCOPE_CLAIM'),
  };
}

/** https, or http on a loopback address (a provider on the same machine: development and the tests). */
function httpsUrl(variable: string, text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usage(variable, `not a URL: ${JSON.stringify(text)}`, `不是 URL：${JSON.stringify(text)}`);
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname))) return url;
  throw usage(
    variable,
    `must be an https URL (http only on 127.0.0.1, ::1 or localhost), got ${text}`,
    `须为 https URL（仅 127.0.0.1、::1 或 localhost 可用 http），收到 ${text}`,
  );
}

/**
 * This server's callback as the browser reaches it: http or https, as the server itself is served (the provider may
 * insist on https; PKCE keeps a code seen on the way useless to anyone else).
 */
function ownUrl(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    // refused below
  }
  if (url && (url.protocol === 'https:' || url.protocol === 'http:') && !url.search && !url.hash) return url.href;
  throw usage(
    'ATLAS_OIDC_REDIRECT_URL',
    `must be an http or https URL without query or fragment (${CALLBACK_PATH} of this server as browsers reach it), got ${text}`,
    `须为不带查询串或片段的 http 或 https URL（浏览器访问本服务时的 ${CALLBACK_PATH}），收到 ${text}`,
  );
}

/**
 * ATLAS_OIDC_ROLE_MAP (JSON text) or ATLAS_OIDC_ROLE_MAP_FILE (a JSON file): an object from group names to a role or a
 * list of roles, `{"cn=atlas-analysts,ou=groups,dc=bureau": ["viewer", "analyst"], "atlas-admins": "admin"}`. JSON,
 * because group names are often LDAP names full of commas and equals signs.
 */
function roleMap(text: string | null, file: string | null): Map<string, Role[]> | null {
  if (text && file)
    throw usage(
      'ATLAS_OIDC_ROLE_MAP',
      'set it or ATLAS_OIDC_ROLE_MAP_FILE, not both',
      '与 ATLAS_OIDC_ROLE_MAP_FILE 只能设其一',
    );
  const variable = file ? 'ATLAS_OIDC_ROLE_MAP_FILE' : 'ATLAS_OIDC_ROLE_MAP';
  let source = text;
  if (file) {
    try {
      source = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw usage(
        variable,
        `cannot read ${file}: ${(err as Error).message}`,
        `无法读取 ${file}：${(err as Error).message}`,
      );
    }
  }
  if (source === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (err) {
    throw usage(variable, `not valid JSON: ${(err as Error).message}`, `不是有效的 JSON：${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw usage(variable, 'must be a JSON object from group names to roles', '须为从组名到角色的 JSON 对象');
  const map = new Map<string, Role[]>();
  for (const [group, value] of Object.entries(parsed as Record<string, unknown>)) {
    const roles = Array.isArray(value) ? value : [value];
    const bad = roles.find((r) => !(ROLES as readonly unknown[]).includes(r));
    if (bad !== undefined || roles.length === 0)
      throw usage(
        variable,
        `the roles of ${JSON.stringify(group)} must be some of ${ROLES.join(', ')}, got ${JSON.stringify(value)}`,
        `${JSON.stringify(group)} 的角色须为 ${ROLES.join('、')} 之一或多个，收到 ${JSON.stringify(value)}`,
      );
    map.set(group, roles as Role[]);
  }
  return map;
}
