import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AtlasError } from '../errors.ts';

/** Where a command writes: stdout for results, stderr for progress and messages (the process's own, or a test's). */
export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  /** What the command reads from standard input (--password-stdin); the process's own when left out. */
  stdin?: () => Promise<string>;
}

/** The part of a writable stream a command uses; process.stdout and a test's collector both are one. */
export interface TextSink {
  write(chunk: string | Uint8Array): unknown;
}

/** The process's own streams: what `atlas` on the command line writes to. */
export const processIo: CliIo = { stdout: process.stdout, stderr: process.stderr };

/** One `atlas <name>` command. run() returns the exit code; machine-readable output goes to stdout, the rest to stderr. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

export type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with --help handled (usage on io.stdout) and unknown options reported as usage errors (exit code 2). */
export function parseCommandArgs<O extends Options>(
  cmd: Pick<CliCommand, 'usage'>,
  io: CliIo,
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
      io.stdout.write(cmd.usage.trimEnd() + '\n');
      return null;
    }
    return parsed;
  } catch (err) {
    throw new AtlasError('usage', `${(err as Error).message}\n\n${cmd.usage.trimEnd()}`, 2);
  }
}

/** Write a line to io.stderr (progress and messages; stdout is for results). */
export function say(io: CliIo, message: string): void {
  io.stderr.write(message.endsWith('\n') ? message : message + '\n');
}

/** Write to io.stdout and, on a stream whose buffer is full, wait until it drains (a long listing into a slow pipe). */
export async function writeAll(io: CliIo, text: string): Promise<void> {
  const sink = io.stdout as TextSink & { once?: (event: string, fn: () => void) => unknown };
  if (sink.write(text) === false && sink.once) await new Promise<void>((resolve) => sink.once!('drain', resolve));
}

/** Everything on standard input (io.stdin in tests, else the process's), as text. */
export async function readStdin(io: CliIo): Promise<string> {
  if (io.stdin) return io.stdin();
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
