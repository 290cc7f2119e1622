import { AtlasError } from '../errors.ts';
import type { CliCommand, CliIo } from './command.ts';
import { serveCommand } from '../api/serve-command.ts';
import { compositeCommand } from '../indicators/composite-command.ts';
import { ingestCommand } from '../ingest/ingest-command.ts';
import { sqlCommand } from '../sql/sql-command.ts';
import { generateCommand } from '../generate/generate-command.ts';
import { auditCommand } from '../audit/command.ts';
import { SecurityStore, securityDbPath } from '../auth/store.ts';
import { auditLogOf } from '../audit-log.ts';
import { defaultDbPath } from '../db/paths.ts';
import { tokensCommand } from '../auth/tokens-command.ts';
import { usersCommand } from '../auth/users-command.ts';
import { checkCommand } from '../db/check-command.ts';
import { checkFacts } from '../facts/fact-check.ts';
import { exportCommand, importCommand } from '../ingest/lake/lake-command.ts';

/** Commands register here. Each lives in its feature folder. */
const COMMANDS: CliCommand[] = [
  serveCommand,
  generateCommand,
  compositeCommand,
  ingestCommand(async () => {
    const store = await SecurityStore.open(defaultDbPath());
    return { log: auditLogOf(store), close: () => store.close() };
  }),
  sqlCommand,
  usersCommand,
  tokensCommand,
  auditCommand(securityDbPath),
  checkCommand([checkFacts]),
  exportCommand,
  importCommand,
];

const USAGE = `Public Data Atlas

Usage: npm run --silent atlas -- <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run a command with --help for its options. Environment: PORT, HOST, ATLAS_DB, ATLAS_MEMORY_LIMIT, ATLAS_THREADS,
ATLAS_LOG_LEVEL (see README.md).
`;

/**
 * `atlas <argv…>` without the process around it: writes to io and resolves to the exit code (0 success, 1 failure,
 * 2 usage error); an error a command throws becomes a message on io.stderr. main.ts runs it for the real command
 * line; tests run it in their own process.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (err) {
    if (err instanceof AtlasError) {
      io.stderr.write(`atlas: ${err.message}\n`);
      return err.code === 'usage' ? 2 : 1;
    }
    io.stderr.write(`atlas: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    io.stderr.write(`atlas: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  return cmd.run(rest, io);
}
