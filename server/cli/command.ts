import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AtlasError } from '../errors.ts';

/** One `atlas <name>` command. run() returns the exit code; machine-readable output goes to stdout, the rest to stderr. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

export type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with --help handled and unknown options reported as usage errors (exit code 2). */
export function parseCommandArgs<O extends Options>(
  cmd: Pick<CliCommand, 'usage'>,
  argv: string[],
  options: O,
  allowPositionals = false,
) {
  try {
    const parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals,
      strict: true,
    });
    if ((parsed.values as Record<string, unknown>).help) {
      process.stdout.write(cmd.usage.trimEnd() + '\n');
      return null;
    }
    return parsed;
  } catch (err) {
    throw new AtlasError('usage', `${(err as Error).message}\n\n${cmd.usage.trimEnd()}`, 2);
  }
}

/** Write a line to stderr (progress and messages; stdout is for results). */
export function say(message: string): void {
  process.stderr.write(message.endsWith('\n') ? message : message + '\n');
}
