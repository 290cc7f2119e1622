import { ROLES } from '../../contract/auth.ts';
import { parseCommandArgs, readStdin, say, type CliCommand, type CliIo } from '../cli/command.ts';
import { defaultDbPath } from '../db/paths.ts';
import { AtlasError } from '../errors.ts';
import { Accounts } from './accounts.ts';
import { auditLogOf, cliActor, type AuditEvent } from '../audit-log.ts';
import { accountInfo } from './routes.ts';
import { SecurityStore } from './store.ts';

const usage = `Usage: atlas users <add|list|set-role|set-scope|disable|enable|reset-password> …

Manage the accounts of the security database beside ATLAS_DB (stop a running server first, or use the admin page).

  users add NAME --role ROLE[,ROLE…] [--scope CODE,…] --password-stdin
  users list [--format csv|json]
  users set-role NAME ROLE[,ROLE…]
  users set-scope NAME CODE[,CODE…]|national
  users disable NAME | users enable NAME
  users reset-password NAME --password-stdin

Roles: ${ROLES.join(', ')} (they combine; admin may do everything). Scope: national (default) or region codes of
GET /api/reference, e.g. 510000. Passwords have at least 12 characters and are read from standard input (one line).
Changing an account's password, roles, scope or status ends its sessions.
`;

/**
 * Open the security store for one command (a running server holds it, and the error says what to do); `record` writes
 * the change to the audit log as the command-line user.
 */
async function withAccounts<T>(
  fn: (accounts: Accounts, record: (e: Omit<AuditEvent, 'actor' | 'outcome'>) => Promise<void>) => Promise<T>,
): Promise<T> {
  const store = await SecurityStore.open(defaultDbPath());
  const log = auditLogOf(store);
  try {
    return await fn(
      new Accounts(store),
      async (e) => void (await log.record({ ...e, actor: cliActor(), outcome: 'ok' })),
    );
  } finally {
    store.close();
  }
}

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

async function password(io: CliIo): Promise<string> {
  const text = (await readStdin(io)).replace(/\r?\n$/, '');
  if (!text) throw new AtlasError('usage', 'give the password on standard input (--password-stdin)', 2);
  return text;
}

export const usersCommand: CliCommand = {
  name: 'users',
  summary: 'add, list and change accounts (roles, regional scope, password)',
  usage,
  async run(argv, io) {
    const args = parseCommandArgs(
      { usage },
      io,
      argv,
      {
        role: { type: 'string' },
        scope: { type: 'string' },
        'password-stdin': { type: 'boolean' },
        format: { type: 'string' },
      },
      true,
    );
    if (!args) return 0;
    const [action, name, value] = args.positionals;
    const needName = () => {
      if (!name) throw new AtlasError('usage', `atlas users ${action} needs an account name\n\n${usage.trimEnd()}`, 2);
      return name;
    };
    switch (action) {
      case 'add': {
        if (!args.values.role) throw new AtlasError('usage', `--role is required\n\n${usage.trimEnd()}`, 2);
        if (!args.values['password-stdin'])
          throw new AtlasError('usage', `give the password with --password-stdin\n\n${usage.trimEnd()}`, 2);
        const scope = args.values.scope && args.values.scope !== 'national' ? list(args.values.scope) : null;
        const pw = await password(io);
        const a = await withAccounts(async (accounts, record) => {
          const created = await accounts.add({ name: needName(), roles: list(args.values.role), scope, password: pw });
          const detail = { roles: created.roles, scope: created.scope, password: true };
          await record({ action: 'account_create', target: created.name, detail });
          return created;
        });
        say(io, `added ${a.name} (${a.roles.join(', ')}; ${a.scope ? a.scope.join(', ') : 'national'})`);
        io.stdout.write(JSON.stringify(accountInfo(a)) + '\n');
        return 0;
      }
      case 'list': {
        const rows = (await withAccounts((accounts) => accounts.list())).map(accountInfo);
        if (args.values.format === 'json') io.stdout.write(JSON.stringify(rows, null, 2) + '\n');
        else {
          io.stdout.write('name,roles,scope,disabled,has_password,single_sign_on,created_at,updated_at\r\n');
          for (const r of rows)
            io.stdout.write(
              [
                r.name,
                r.roles.join(' '),
                r.scope?.join(' ') ?? 'national',
                r.disabled,
                r.has_password,
                r.single_sign_on,
                r.created_at,
                r.updated_at,
              ].join(',') + '\r\n',
            );
        }
        return 0;
      }
      case 'set-role':
      case 'set-scope':
      case 'disable':
      case 'enable':
      case 'reset-password': {
        const who = needName();
        const change =
          action === 'set-role'
            ? { roles: list(value) }
            : action === 'set-scope'
              ? { scope: value === 'national' ? null : list(value) }
              : action === 'reset-password'
                ? { password: await password(io) }
                : { disabled: action === 'disable' };
        if ((action === 'set-role' || action === 'set-scope') && !value)
          throw new AtlasError('usage', `atlas users ${action} NAME needs a value\n\n${usage.trimEnd()}`, 2);
        const a = await withAccounts(async (accounts, record) => {
          const changed = await accounts.change(who, change);
          const { password, ...fields } = change as { password?: string };
          await record({
            action: 'account_change',
            target: who,
            detail: { ...fields, password_changed: password !== undefined },
          });
          return changed;
        });
        say(
          io,
          `${action}: ${a.name} (${a.roles.join(', ')}; ${a.scope ? a.scope.join(', ') : 'national'}${a.disabled ? '; disabled' : ''}); its sessions have ended`,
        );
        io.stdout.write(JSON.stringify(accountInfo(a)) + '\n');
        return 0;
      }
      default:
        throw new AtlasError('usage', `unknown action ${JSON.stringify(action ?? '')}\n\n${usage.trimEnd()}`, 2);
    }
  },
};
