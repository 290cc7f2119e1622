// The last lines of .ci/run: counts from the test runners' JSON reports, and a failure for every way a run can look
// green without having tested anything (a missing report, no test executed, a file failing outside its tests, a runner
// exiting non-zero with no failed test). Usage: ci-summary.ts PROBLEMS [NAME REPORT EXIT_CODE]...
import fs from 'node:fs';
import path from 'node:path';

/** One runner: its command, its JSON report (vitest's json reporter) and its exit code. */
export interface RunReport {
  name: string;
  report: string;
  exitCode: number;
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { name: string; status: string; message?: string; assertionResults: { status: string }[] }[];
}

export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  /** What to print: the failures found here, the files with skipped tests, then the final line. */
  lines: string[];
}

/** `problems`: failures .ci/run found before the runners (Chromium missing, the type check), counted as failed. */
export function summarize(runs: RunReport[], problems = 0, cwd = process.cwd()): Summary {
  let passed = 0;
  let failed = problems;
  let skipped = 0;
  const lines: string[] = [];
  const skippedFiles: string[] = [];
  const fail = (message: string) => {
    failed++;
    lines.push(`CI FAILURE: ${message}`);
  };
  for (const run of runs) {
    if (!fs.existsSync(run.report)) {
      fail(`${run.name}: ${run.report} is missing, the runner did not finish`);
      continue;
    }
    const r = JSON.parse(fs.readFileSync(run.report, 'utf8')) as VitestReport;
    const failedBefore = failed;
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + r.numTodoTests;
    if (r.numPassedTests + r.numFailedTests === 0) fail(`${run.name} executed no test`);
    for (const file of r.testResults) {
      const rel = path.relative(cwd, file.name);
      const states = file.assertionResults.map((a) => a.status);
      if (file.status === 'failed' && !states.includes('failed'))
        fail(`${run.name}: ${rel} failed outside its tests: ${(file.message ?? '').split('\n')[0]}`);
      const n = states.filter((s) => s !== 'passed' && s !== 'failed').length;
      if (n) skippedFiles.push(`  ${rel}: ${n} skipped`);
    }
    if (run.exitCode !== 0 && failed === failedBefore)
      fail(`${run.name} exited with code ${run.exitCode} without a failed test (see its output)`);
  }
  if (skippedFiles.length) lines.push('skipped tests:', ...skippedFiles);
  lines.push(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return { passed, failed, skipped, lines };
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const [problems, ...rest] = process.argv.slice(2);
  if (rest.length % 3 !== 0) throw new Error('usage: ci-summary.ts PROBLEMS [NAME REPORT EXIT_CODE]...');
  const runs: RunReport[] = [];
  for (let i = 0; i < rest.length; i += 3)
    runs.push({ name: rest[i], report: rest[i + 1], exitCode: Number(rest[i + 2]) });
  const summary = summarize(runs, Number(problems));
  console.log(summary.lines.join('\n'));
  process.exitCode = summary.failed ? 1 : 0;
}
