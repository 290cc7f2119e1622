import { AtlasError } from '../errors.ts';
import type { CliCommand } from './command.ts';
import { serveCommand } from '../api/serve-command.ts';
import { compositeCommand } from '../indicators/composite-command.ts';
import { ingestCommand } from '../ingest/ingest-command.ts';
import { sqlCommand } from '../sql/sql-command.ts';
import { generateCommand } from '../generate/generate-command.ts';

/** Commands register here. Each lives in its feature folder. */
const COMMANDS: CliCommand[] = [serveCommand, generateCommand, compositeCommand, ingestCommand, sqlCommand];

const USAGE = `Public Data Atlas

Usage: npm run --silent atlas -- <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run a command with --help for its options. Environment: PORT, HOST, ATLAS_DB, ATLAS_MEMORY_LIMIT, ATLAS_THREADS,
ATLAS_LOG_LEVEL (see README.md).
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    process.stderr.write(`atlas: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  return cmd.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof AtlasError) {
      process.stderr.write(`atlas: ${err.message}\n`);
      process.exitCode = err.code === 'usage' ? 2 : 1;
    } else {
      process.stderr.write(`atlas: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
