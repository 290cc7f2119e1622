// `atlas users` and `atlas tokens` as an administrator runs them on the server's machine: accounts, roles, scope,
// passwords from standard input, tokens printed once, every change in the audit log; and a clear refusal while a
// server holds the security database.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAtlas, spawnAtlas } from '../test-support/cli.ts';
import { tempDir } from '../test-support/server.ts';
import { Accounts } from './accounts.ts';
import { verifyPassword } from './passwords.ts';
import { SecurityStore } from './store.ts';

const tmp = tempDir('atlas-users-cli-');
const db = path.join(tmp.dir, 'atlas.duckdb');
const env = { ATLAS_DB: db };
afterAll(() => tmp.cleanup());

describe('atlas users and atlas tokens', () => {
  it('adds an account with roles, scope and a password read from standard input', async () => {
    const r = await runAtlas(
      ['users', 'add', 'lead-sc', '--role', 'viewer,analyst', '--scope', '510000', '--password-stdin'],
      env,
      'sichuan lead password\n',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      name: 'lead-sc',
      roles: ['viewer', 'analyst'],
      scope: ['510000'],
      has_password: true,
    });
    const store = await SecurityStore.open(db);
    try {
      const a = (await new Accounts(store).byName('lead-sc'))!;
      expect(await verifyPassword('sichuan lead password', a.password_hash)).toBe(true);
      expect(a.password_hash).not.toContain('sichuan');
    } finally {
      store.close();
    }
  });

  it('refuses what cannot be an account, with exit code 1 or 2', async () => {
    expect(
      (await runAtlas(['users', 'add', 'x', '--role', 'viewer', '--password-stdin'], env, 'short\n')).stderr,
    ).toMatch(/at least 12 characters/);
    expect(
      (await runAtlas(['users', 'add', 'y', '--role', 'boss', '--password-stdin'], env, 'long enough password\n'))
        .stderr,
    ).toMatch(/roles are one or more of viewer, analyst, steward, admin/);
    expect(
      (
        await runAtlas(
          ['users', 'add', 'z', '--role', 'viewer', '--scope', '999999', '--password-stdin'],
          env,
          'long enough password\n',
        )
      ).code,
    ).toBe(1);
    expect((await runAtlas(['users', 'add', 'w', '--role', 'viewer'], env)).code).toBe(2);
    expect((await runAtlas(['users', 'frobnicate'], env)).code).toBe(2);
  });

  it('changes roles, scope, status and password, and lists accounts', async () => {
    expect(
      (await runAtlas(['users', 'add', 'boss', '--role', 'admin', '--password-stdin'], env, 'administrator password\n'))
        .code,
    ).toBe(0);
    expect((await runAtlas(['users', 'set-role', 'lead-sc', 'viewer'], env)).code).toBe(0);
    expect((await runAtlas(['users', 'set-scope', 'lead-sc', 'national'], env)).code).toBe(0);
    expect((await runAtlas(['users', 'disable', 'lead-sc'], env)).code).toBe(0);
    expect(
      (await runAtlas(['users', 'reset-password', 'lead-sc', '--password-stdin'], env, 'another long password\n')).code,
    ).toBe(0);
    const list = JSON.parse((await runAtlas(['users', 'list', '--format', 'json'], env)).stdout);
    expect(list.find((a: { name: string }) => a.name === 'lead-sc')).toMatchObject({
      roles: ['viewer'],
      scope: null,
      disabled: true,
    });
  });

  it('creates a token (printed alone, once), lists it without its secret, and revokes it', async () => {
    const created = await runAtlas(['tokens', 'create', 'nightly-export', '--expires-days', '7'], env);
    expect(created.code, created.stderr).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^atl_[A-Za-z0-9_-]+$/);
    const list = await runAtlas(['tokens', 'list'], env);
    expect(list.stdout).toMatch(/nightly-export/);
    expect(list.stdout).not.toContain(token);
    const id = /^(tok_[^,]+),boss,nightly-export/m.exec(list.stdout)![1];
    expect((await runAtlas(['tokens', 'revoke', id], env)).code).toBe(0);
    expect((await runAtlas(['tokens', 'revoke', id], env)).code).toBe(1);
  });

  it('writes every change to the audit log as the command-line user', async () => {
    const r = await runAtlas(['audit', 'list', '--format', 'json'], env);
    expect(r.code, r.stderr).toBe(0);
    const entries = (JSON.parse(r.stdout) as { entries: { actor: string; action: string; target: string }[] }).entries;
    const actions = entries.map((e) => `${e.action}:${e.target}`);
    expect(actions).toEqual(
      expect.arrayContaining(['account_create:lead-sc', 'account_change:lead-sc', 'account_create:boss']),
    );
    expect(actions.filter((a) => a.startsWith('token_create:'))).toHaveLength(1);
    expect(actions.filter((a) => a.startsWith('token_revoke:'))).toHaveLength(1);
    expect(entries.every((e) => e.actor.startsWith('cli:'))).toBe(true);
    expect((await runAtlas(['audit', 'verify'], env)).code).toBe(0);
  });

  it('says what to do when a server holds the security database (a real process)', async () => {
    const store = await SecurityStore.open(db);
    try {
      const r = await spawnAtlas(['users', 'list'], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/in use by another process.*stop it, or make the change through the server/s);
    } finally {
      store.close();
    }
  });
});
