import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, afterAll } from 'vitest';
import { runAtlas, spawnAtlas } from '../test-support/cli.ts';
import { tempDir } from '../test-support/server.ts';
import { RECORD_TABLES } from './generate.ts';

// `atlas generate`: the first test runs it as a user does (a child process: exit code, stdout and stderr apart), the
// others in this process through runCli, with the same exit codes and streams.
const generate = (...args: string[]) => runAtlas(['generate', ...args]);

describe('atlas generate (command line)', () => {
  const tmp = tempDir('atlas-generate-cli-');
  afterAll(() => tmp.cleanup());

  it('writes the tables at a tiny scale, prints a JSON report on stdout and progress on stderr', async () => {
    const out = path.join(tmp.dir, 'tiny');
    const r = await spawnAtlas(['generate', '--scale', '0.02', '--seed', '42', '--out', out, '--csv']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ seed: 42, scale: 0.02, outDir: out });
    expect(report.seconds).toBeGreaterThan(0);
    for (const table of RECORD_TABLES) {
      expect(report.tables[table].rows, table).toBeGreaterThan(0);
      expect(fs.statSync(path.join(out, `${table}.parquet`)).size).toBeGreaterThan(0);
      expect(fs.readFileSync(path.join(out, `${table}.csv`), 'utf8').split('\n').length - 2).toBe(
        report.tables[table].rows,
      );
    }
    expect(r.stderr).toMatch(/usage: \d+ rows in [\d.]+ s/);
  });

  it('answers --help with the usage and exit code 0', async () => {
    const r = await generate('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: atlas generate --out DIR');
    expect(r.stdout).toContain('--scale S');
  });

  it('refuses a bad --scale or --seed, or a missing --out, with exit code 2 and a message naming the option', async () => {
    const cases: [string[], RegExp][] = [
      [['--scale', 'big', '--out', tmp.dir], /--scale must be a number, got "big"/],
      [['--scale', '0', '--out', tmp.dir], /--scale must be a number from 0.01 to 1000, got 0/],
      [['--seed', '1.5', '--out', tmp.dir], /--seed must be a whole number/],
      [['--scale', '1'], /--out DIR is required/],
    ];
    for (const [args, message] of cases) {
      const r = await generate(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stdout).toBe('');
    }
  });
});
