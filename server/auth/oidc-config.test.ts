import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/server.ts';
import { oidcSettings } from './oidc-config.ts';

const base = { ATLAS_OIDC_ISSUER: 'https://id.bureau.example/realms/atlas', ATLAS_OIDC_CLIENT_ID: 'atlas' };
const problem = (env: Record<string, string>) => {
  try {
    oidcSettings(env);
  } catch (err) {
    return { code: (err as { code: string }).code, status: (err as { status: number }).status, message: String(err) };
  }
  return null;
};

describe('single sign-on settings', () => {
  it('are off without an issuer', () => {
    expect(oidcSettings({})).toBeNull();
    expect(oidcSettings({ ATLAS_OIDC_ISSUER: ' ' })).toBeNull();
  });

  it('have defaults: confidential only with a secret, openid always asked, roles from the roles claim', () => {
    const s = oidcSettings({ ...base, ATLAS_OIDC_SCOPES: 'profile groups,email' })!;
    expect(s).toMatchObject({
      clientId: 'atlas',
      clientSecret: null,
      redirectUrl: null,
      scopes: 'openid profile groups email',
      label: null,
      rolesClaim: 'roles',
      roleMap: null,
      scopeClaim: null,
    });
    expect(s.issuer.href).toBe('https://id.bureau.example/realms/atlas');
    expect(oidcSettings(base)!.scopes).toBe('openid profile email');
  });

  it('read a role map from JSON text or a file', () => {
    const map = { 'cn=atlas,ou=groups': ['viewer', 'analyst'], ops: 'steward' };
    const s = oidcSettings({ ...base, ATLAS_OIDC_ROLE_MAP: JSON.stringify(map) })!;
    expect([...s.roleMap!]).toEqual([
      ['cn=atlas,ou=groups', ['viewer', 'analyst']],
      ['ops', ['steward']],
    ]);
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'roles.json');
      fs.writeFileSync(file, JSON.stringify(map));
      expect(oidcSettings({ ...base, ATLAS_OIDC_ROLE_MAP_FILE: file })!.roleMap).toEqual(s.roleMap);
    } finally {
      cleanup();
    }
  });

  it('stop the server with a message naming the variable when they cannot work', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ ATLAS_OIDC_CLIENT_ID: 'atlas' }, /ATLAS_OIDC_ISSUER: not set, but ATLAS_OIDC_CLIENT_ID is/],
      [{ ATLAS_OIDC_ISSUER: base.ATLAS_OIDC_ISSUER }, /ATLAS_OIDC_CLIENT_ID: required/],
      [{ ...base, ATLAS_OIDC_ISSUER: 'http://id.bureau.example' }, /ATLAS_OIDC_ISSUER: must be an https URL/],
      [{ ...base, ATLAS_OIDC_ISSUER: 'id.bureau.example' }, /ATLAS_OIDC_ISSUER: not a URL/],
      [{ ...base, ATLAS_OIDC_REDIRECT_URL: 'atlas.bureau.example/cb' }, /ATLAS_OIDC_REDIRECT_URL: must be/],
      [{ ...base, ATLAS_OIDC_REDIRECT_URL: 'https://atlas.bureau.example/cb?x=1' }, /without query/],
      [{ ...base, ATLAS_OIDC_REDIRECT_URL: 'ftp://atlas.bureau.example/cb' }, /ATLAS_OIDC_REDIRECT_URL: must be/],
      [{ ...base, ATLAS_OIDC_ROLE_MAP: 'ops=steward' }, /ATLAS_OIDC_ROLE_MAP: not valid JSON/],
      [{ ...base, ATLAS_OIDC_ROLE_MAP: '["steward"]' }, /ATLAS_OIDC_ROLE_MAP: must be a JSON object/],
      [{ ...base, ATLAS_OIDC_ROLE_MAP: '{"ops":"root"}' }, /the roles of "ops" must be some of viewer/],
      [{ ...base, ATLAS_OIDC_ROLE_MAP: '{"ops":[]}' }, /the roles of "ops" must be/],
      [{ ...base, ATLAS_OIDC_ROLE_MAP_FILE: '/nonexistent/roles.json' }, /ATLAS_OIDC_ROLE_MAP_FILE: cannot read/],
      [{ ...base, ATLAS_OIDC_ROLE_MAP: '{}', ATLAS_OIDC_ROLE_MAP_FILE: 'x' }, /not both/],
    ];
    for (const [env, message] of cases) {
      const p = problem(env);
      expect(p, JSON.stringify(env)).toMatchObject({ code: 'usage', status: 2 });
      expect(p!.message).toMatch(message);
    }
  });

  it('allow http for a provider on this machine only', () => {
    for (const issuer of ['http://127.0.0.1:8080', 'http://localhost:8080/realms/x', 'http://[::1]:9000'])
      expect(oidcSettings({ ...base, ATLAS_OIDC_ISSUER: issuer })!.issuer.protocol).toBe('http:');
  });
});
