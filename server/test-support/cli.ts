/**
 * `atlas` for tests, two ways: runAtlas calls runCli in this process (milliseconds: most tests), spawnAtlas starts the
 * real entry point as a user does (seconds: one smoke test per command proves main.ts, exit codes and the separation
 * of stdout and stderr).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { runCli } from '../cli/run-cli.ts';
import type { TextSink } from '../cli/command.ts';
import { ROOT } from '../db/paths.ts';

export interface AtlasRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment variables for one run; undefined removes a variable. */
export type RunEnv = Record<string, string | undefined>;

/** Collects what a command writes, as text. */
function collector(): TextSink & { text(): string } {
  const chunks: Buffer[] = [];
  return {
    write: (chunk) => chunks.push(Buffer.from(chunk)),
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

/**
 * `atlas <argv…>` in this process, with `env` set for the run's duration (commands read ATLAS_DB and the limits from
 * process.env). Runs in one test file never overlap, so the temporary environment is theirs alone.
 */
export async function runAtlas(argv: string[], env: RunEnv = {}, stdin?: string): Promise<AtlasRun> {
  const stdout = collector();
  const stderr = collector();
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  setEnv(env);
  try {
    const code = await runCli(argv, { stdout, stderr, stdin: stdin === undefined ? undefined : async () => stdin });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    setEnv(saved);
  }
}

function setEnv(env: RunEnv): void {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

/** `node --import tsx server/cli/main.ts <argv…>` in a child process, from the repository root. */
export function spawnAtlas(argv: string[], env: RunEnv = {}, timeoutMs = 120_000): Promise<AtlasRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/cli/main.ts'), ...argv], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutMs,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
