import { parseCommandArgs, say, type CliCommand } from '../cli/command.ts';
import { defaultDbPath } from '../db/paths.ts';
import { AtlasError } from '../errors.ts';
import { auditLogOf, cliActor, type AuditEvent } from '../audit-log.ts';
import { Accounts, unknownAccount } from './accounts.ts';
import { Sessions } from './sessions.ts';
import { SecurityStore } from './store.ts';

const usage = `Usage: atlas tokens <create|list|revoke> …

API tokens for scripts and clients (Authorization: Bearer …), in the security database beside ATLAS_DB (stop a running
server first, or use the tokens page).

  tokens create NAME [--user ACCOUNT] [--expires-days N]   prints the token alone on stdout (shown once)
  tokens list [--user ACCOUNT]
  tokens revoke ID

NAME says what the token is for. --user: the account it acts as (default: the only administrator, when there is one).
--expires-days: 1 to 3650, default 90.
`;

async function withStore<T>(
  fn: (
    accounts: Accounts,
    sessions: Sessions,
    record: (e: Omit<AuditEvent, 'actor' | 'outcome'>) => Promise<void>,
  ) => Promise<T>,
): Promise<T> {
  const store = await SecurityStore.open(defaultDbPath());
  const accounts = new Accounts(store);
  const sessions = new Sessions(store, accounts);
  const log = auditLogOf(store);
  try {
    return await fn(
      accounts,
      sessions,
      async (e) => void (await log.record({ ...e, actor: cliActor(), outcome: 'ok' })),
    );
  } finally {
    await sessions.close();
    store.close();
  }
}

export const tokensCommand: CliCommand = {
  name: 'tokens',
  summary: 'create, list and revoke API tokens',
  usage,
  async run(argv, io) {
    const args = parseCommandArgs(
      { usage },
      io,
      argv,
      { user: { type: 'string' }, 'expires-days': { type: 'string' } },
      true,
    );
    if (!args) return 0;
    const [action, arg] = args.positionals;
    return withStore(async (accounts, sessions, record) => {
      const owner = async () => {
        if (args.values.user) {
          const a = await accounts.byName(args.values.user);
          if (!a) throw unknownAccount(args.values.user);
          return a;
        }
        const admins = (await accounts.list()).filter((a) => a.roles.includes('admin') && !a.disabled);
        if (admins.length !== 1)
          throw new AtlasError('usage', `name the account the token acts as with --user\n\n${usage.trimEnd()}`, 2);
        return admins[0];
      };
      if (action === 'create') {
        if (!arg) throw new AtlasError('usage', `atlas tokens create needs a NAME\n\n${usage.trimEnd()}`, 2);
        const days = args.values['expires-days'] === undefined ? 90 : Number(args.values['expires-days']);
        if (!Number.isInteger(days) || days < 1 || days > 3650)
          throw new AtlasError(
            'usage',
            `--expires-days must be a whole number from 1 to 3650\n\n${usage.trimEnd()}`,
            2,
          );
        const account = await owner();
        const t = await sessions.createToken(account, arg, days);
        await record({
          action: 'token_create',
          target: t.id,
          detail: { name: arg, owner: account.name, expires_days: days },
        });
        say(io, `token ${t.id} for ${account.name}, expires in ${days} days; it is shown only now`);
        io.stdout.write(t.token + '\n');
        return 0;
      }
      if (action === 'list') {
        const user = args.values.user ? await accounts.byName(args.values.user) : undefined;
        if (args.values.user && !user) throw unknownAccount(args.values.user);
        const rows = await sessions.listTokens(user?.id ?? null);
        io.stdout.write('id,user,name,created_at,expires_at,revoked_at,last_used_at\r\n');
        for (const t of rows)
          io.stdout.write(
            [t.id, t.user, t.name, t.created_at, t.expires_at ?? '', t.revoked_at ?? '', t.last_used_at ?? ''].join(
              ',',
            ) + '\r\n',
          );
        return 0;
      }
      if (action === 'revoke') {
        if (!arg) throw new AtlasError('usage', `atlas tokens revoke needs the token's ID\n\n${usage.trimEnd()}`, 2);
        await sessions.revokeToken(arg);
        await record({ action: 'token_revoke', target: arg });
        say(io, `revoked ${arg}`);
        return 0;
      }
      throw new AtlasError('usage', `unknown action ${JSON.stringify(action ?? '')}\n\n${usage.trimEnd()}`, 2);
    });
  },
};
