import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../server/test-support/server.ts';
import { summarize } from './ci-summary.ts';

// Reports shaped like vitest's json reporter's, written to files as the runners write them.
describe('the summary line of .ci/run', () => {
  const tmp = tempDir('atlas-ci-summary-');
  afterAll(() => tmp.cleanup());
  let n = 0;
  const report = (files: { name: string; status?: string; message?: string; tests: string[] }[]) => {
    const all = files.flatMap((f) => f.tests);
    const count = (...s: string[]) => all.filter((t) => s.includes(t)).length;
    const file = path.join(tmp.dir, `report-${n++}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify({
        numPassedTests: count('passed'),
        numFailedTests: count('failed'),
        numPendingTests: count('skipped', 'pending'),
        numTodoTests: count('todo'),
        testResults: files.map((f) => ({
          name: path.join(tmp.dir, f.name),
          status: f.status ?? (f.tests.includes('failed') ? 'failed' : 'passed'),
          message: f.message ?? '',
          assertionResults: f.tests.map((status) => ({ status })),
        })),
      }),
    );
    return file;
  };
  const run = (name: string, file: string, exitCode = 0) => ({ name, report: file, exitCode });

  it('adds up passed and failed tests of every run: "N passed, N failed" when nothing was skipped', () => {
    const unit = report([{ name: 'a.test.ts', tests: ['passed', 'passed', 'failed'] }]);
    const e2e = report([{ name: 'b.test.ts', tests: ['passed'] }]);
    const s = summarize([run('npm test', unit, 1), run('npm run test:e2e', e2e)], 0, tmp.dir);
    expect(s.lines).toEqual(['3 passed, 1 failed']);
  });

  it('names the files with skipped tests and adds the count to the final line', () => {
    const unit = report([
      { name: 'real.test.ts', tests: ['skipped', 'skipped'] },
      { name: 'plain.test.ts', tests: ['passed', 'todo'] },
    ]);
    const s = summarize([run('npm test', unit)], 0, tmp.dir);
    expect(s.lines).toEqual([
      'skipped tests:',
      '  real.test.ts: 2 skipped',
      '  plain.test.ts: 1 skipped',
      '1 passed, 0 failed, 3 skipped',
    ]);
  });

  it('fails a run that executed no test, a missing report, and the problems found before the runners', () => {
    const empty = report([{ name: 'browser.test.ts', tests: ['skipped'] }]);
    const unit = report([{ name: 'a.test.ts', tests: ['passed'] }]);
    const s = summarize(
      [run('npm test', unit), run('npm run test:e2e', empty), run('npm run test:durability', path.join(tmp.dir, 'no'))],
      1,
      tmp.dir,
    );
    expect(s.failed).toBe(3);
    expect(s.lines).toContain('CI FAILURE: npm run test:e2e executed no test');
    expect(s.lines.some((l) => /test:durability: .*no is missing/.test(l))).toBe(true);
    expect(s.lines.at(-1)).toBe('1 passed, 3 failed, 1 skipped');
  });

  it('fails a file that failed outside its tests, and a runner that exited non-zero with no failed test', () => {
    const broken = report([
      { name: 'ok.test.ts', tests: ['passed'] },
      { name: 'import.test.ts', status: 'failed', message: 'Cannot find module x\n  at …', tests: [] },
    ]);
    const crashed = report([{ name: 'c.test.ts', tests: ['passed'] }]);
    const s = summarize([run('npm test', broken, 1), run('npm run test:e2e', crashed, 1)], 0, tmp.dir);
    expect(s.lines).toEqual([
      'CI FAILURE: npm test: import.test.ts failed outside its tests: Cannot find module x',
      'CI FAILURE: npm run test:e2e exited with code 1 without a failed test (see its output)',
      '2 passed, 2 failed',
    ]);
  });
});
