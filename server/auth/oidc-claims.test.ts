import { describe, expect, it } from 'vitest';
import { accountName, claimValues, rolesFromClaims, scopeFromClaims } from './oidc-claims.ts';

describe('roles from claims', () => {
  const noMap = { rolesClaim: 'roles', roleMap: null };
  it('takes Atlas role names as they are without a map, in the order of the roles', () => {
    expect(rolesFromClaims({ roles: ['steward', 'viewer', 'printers'] }, noMap)).toEqual(['viewer', 'steward']);
    expect(rolesFromClaims({ roles: 'analyst viewer' }, noMap)).toEqual(['viewer', 'analyst']);
    expect(rolesFromClaims({ roles: 'analyst,admin' }, noMap)).toEqual(['analyst', 'admin']);
  });

  it('gives no role when nothing maps: no claim, another type, unknown names', () => {
    expect(rolesFromClaims({}, noMap)).toEqual([]);
    expect(rolesFromClaims({ roles: 7 }, noMap)).toEqual([]);
    expect(rolesFromClaims({ roles: [{ name: 'admin' }] }, noMap)).toEqual([]);
    expect(rolesFromClaims({ roles: ['Admin', 'root'] }, noMap)).toEqual([]);
  });

  it('with a map, only the map counts: a group named like a role gives nothing unless mapped', () => {
    const roleMap = new Map([
      ['cn=atlas-analysts,ou=groups,dc=bureau', ['viewer', 'analyst'] as const],
      ['ops', ['steward'] as const],
    ]);
    const s = { rolesClaim: 'groups', roleMap };
    expect(rolesFromClaims({ groups: ['cn=atlas-analysts,ou=groups,dc=bureau', 'admin'] }, s)).toEqual([
      'viewer',
      'analyst',
    ]);
    expect(rolesFromClaims({ groups: ['ops', 'cn=atlas-analysts,ou=groups,dc=bureau'] }, s)).toEqual([
      'viewer',
      'analyst',
      'steward',
    ]);
    expect(rolesFromClaims({ groups: ['admin'] }, s)).toEqual([]);
  });

  it('reads a nested claim by a dotted path, and a claim whose name has dots as it is', () => {
    expect(claimValues({ realm_access: { roles: ['viewer'] } }, 'realm_access.roles')).toEqual(['viewer']);
    expect(claimValues({ 'https://bureau.example/roles': ['admin'] }, 'https://bureau.example/roles')).toEqual([
      'admin',
    ]);
    expect(claimValues({ realm_access: ['viewer'] }, 'realm_access.roles')).toEqual([]);
  });
});

describe('scope from claims', () => {
  it('is national without a scope claim', () => {
    expect(scopeFromClaims({ regions: ['510000'] }, { scopeClaim: null })).toEqual({ scope: null, unknown: [] });
  });

  it('takes the known region codes, sorted; national or 000000 make it national', () => {
    const s = { scopeClaim: 'regions' };
    expect(scopeFromClaims({ regions: ['510000', '440000', '999999'] }, s)).toEqual({
      scope: ['440000', '510000'],
      unknown: ['999999'],
    });
    expect(scopeFromClaims({ regions: '510000 national' }, s).scope).toBeNull();
    expect(scopeFromClaims({ regions: ['000000'] }, s).scope).toBeNull();
  });

  it('gives no scope (the sign-in is refused) when the claim holds no known code', () => {
    const s = { scopeClaim: 'regions' };
    expect(scopeFromClaims({}, s).scope).toBeUndefined();
    expect(scopeFromClaims({ regions: ['999999'] }, s)).toEqual({ scope: undefined, unknown: ['999999'] });
  });
});

describe('the name of a new account', () => {
  const free = () => false;
  it('is preferred_username, else email, else the subject, cut to what a name may hold', () => {
    expect(accountName({ preferred_username: 'li.wei' }, 'https://id', 's1', free)).toBe('li.wei');
    expect(accountName({ email: 'li.wei@bureau.example' }, 'https://id', 's1', free)).toBe('li.wei@bureau.example');
    expect(accountName({ preferred_username: '李伟', email: 'lw@b.example' }, 'https://id', 's1', free)).toBe(
      'lw@b.example',
    );
    expect(accountName({}, 'https://id', '  _x y', free)).toBe('x-y');
    expect(accountName({}, 'https://id', '李伟', free)).toBe('user');
    expect(accountName({ preferred_username: 'a'.repeat(80) }, 'https://id', 's', free)).toHaveLength(64);
  });

  it('never takes the name of another account: it adds characters derived from issuer and subject', () => {
    const name = accountName({ preferred_username: 'admin' }, 'https://id', 's1', (n) => n === 'admin');
    expect(name).toMatch(/^admin-[0-9a-f]{8}$/);
    expect(accountName({ preferred_username: 'admin' }, 'https://id', 's1', (n) => n === 'admin')).toBe(name);
    expect(accountName({ preferred_username: 'admin' }, 'https://id', 's2', (n) => n === 'admin')).not.toBe(name);
  });
});
