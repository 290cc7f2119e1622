import { describe, expect, it } from 'vitest';
import type { Account } from '../../../../contract/auth.ts';
import { changeBody, createBody, draftProblems, editOf, editProblems, signInKinds } from './model.ts';

const account: Account = {
  name: 'li.wei',
  roles: ['viewer', 'analyst'],
  scope: ['510000', '110000'],
  disabled: false,
  has_password: true,
  single_sign_on: false,
  created_at: '2026-12-01T08:00:00.000Z',
  updated_at: '2026-12-01T08:00:00.000Z',
};

describe('a new account', () => {
  it('says what is missing before it is sent', () => {
    expect(draftProblems({ name: '', password: 'short', roles: [], scope: { national: false, regions: [] } })).toEqual([
      'name',
      'password',
      'roles',
      'scope',
    ]);
    expect(draftProblems({ name: '-x', password: 'x'.repeat(12), roles: ['viewer'], scope: choice(null) })).toEqual([
      'name',
    ]);
    expect(
      draftProblems({ name: 'zhang@bureau', password: 'x'.repeat(12), roles: ['viewer'], scope: choice(null) }),
    ).toEqual([]);
  });

  it('is sent with its roles in order and its scope as null (national) or sorted codes', () => {
    expect(
      createBody({
        name: 'a',
        password: 'p'.repeat(12),
        roles: ['steward', 'viewer'],
        scope: { national: false, regions: ['510000', '110000'] },
      }),
    ).toEqual({ name: 'a', password: 'p'.repeat(12), roles: ['viewer', 'steward'], scope: ['110000', '510000'] });
    expect(createBody({ name: 'a', password: 'p', roles: ['admin'], scope: choice(null) }).scope).toBeNull();
  });
});

describe('changing an account', () => {
  it('sends only what changed, and nothing when nothing did', () => {
    const edit = editOf(account);
    expect(changeBody(account, edit)).toBeNull();
    // the same regions in another order are the same scope
    expect(changeBody(account, { ...edit, scope: { national: false, regions: ['110000', '510000'] } })).toBeNull();
    expect(changeBody(account, { ...edit, roles: ['analyst', 'viewer', 'steward'] })).toEqual({
      roles: ['viewer', 'analyst', 'steward'],
    });
    expect(changeBody(account, { ...edit, scope: choice(null), disabled: true, password: 'n'.repeat(12) })).toEqual({
      scope: null,
      disabled: true,
      password: 'n'.repeat(12),
    });
  });

  it('accepts an empty password (unchanged) but not a short one', () => {
    expect(editProblems(editOf(account))).toEqual([]);
    expect(editProblems({ ...editOf(account), password: 'short' })).toEqual(['password']);
    expect(editProblems({ ...editOf(account), roles: [] })).toEqual(['roles']);
  });

  it('names how an account signs in', () => {
    expect(signInKinds(account)).toEqual(['password']);
    expect(signInKinds({ has_password: false, single_sign_on: true })).toEqual(['sso']);
    expect(signInKinds({ has_password: true, single_sign_on: true })).toEqual(['password', 'sso']);
  });
});

function choice(scope: string[] | null) {
  return scope === null ? { national: true, regions: [] } : { national: false, regions: scope };
}
