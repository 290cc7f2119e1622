// npm run bench            runs every suite and rewrites BENCHMARKS.md
// npm run bench -- --json  prints {"figures": [...]} on stdout (progress on stderr) and leaves BENCHMARKS.md alone
// npm run bench -- --quick small inputs, to check the suites run (figures not comparable)
// npm run bench -- --only ingest,sql   run only the named suites; BENCHMARKS.md is re-rendered with their new figures
//                                     and the other suites' figures from their last run (each section says when)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchContext, BenchSuite, Figure } from './figures.ts';
import { SUITES } from './suites.ts';

// The servers the suites start would log every request to stderr: noise in the output and a cost that is not the
// product's work under test. ATLAS_LOG_LEVEL=info brings it back.
process.env.ATLAS_LOG_LEVEL ??= 'warn';

const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const onlyArg = args.find((a, i) => args[i - 1] === '--only');
const only = onlyArg ? onlyArg.split(',') : null;

const root = path.resolve(import.meta.dirname, '..');
const dir = path.join(root, 'data', 'bench');
fs.mkdirSync(dir, { recursive: true });
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const ctx: BenchContext = { dir, quick, log };

interface SuiteResult {
  suite: BenchSuite;
  figures: Figure[];
  error?: string;
  seconds: number;
  at: string;
}
const results: SuiteResult[] = [];
const resultsDir = path.join(dir, 'results');
fs.mkdirSync(resultsDir, { recursive: true });
for (const suite of SUITES) {
  if (only ? !only.includes(suite.name) : suite.optIn) continue;
  log(`suite ${suite.name}`);
  const t0 = performance.now();
  try {
    results.push({
      suite,
      figures: await suite.run(ctx),
      seconds: (performance.now() - t0) / 1000,
      at: new Date().toISOString(),
    });
  } catch (err) {
    log(`suite ${suite.name} failed: ${(err as Error).stack ?? err}`);
    results.push({
      suite,
      figures: [],
      error: String((err as Error).message ?? err),
      seconds: (performance.now() - t0) / 1000,
      at: new Date().toISOString(),
    });
  }
  const r = results[results.length - 1];
  if (!quick)
    fs.writeFileSync(
      path.join(resultsDir, `${suite.name}.json`),
      JSON.stringify({ figures: r.figures, error: r.error, seconds: r.seconds, at: r.at }),
    );
}

const figures = results.flatMap((r) => r.figures);
if (json) {
  process.stdout.write(JSON.stringify({ figures }) + '\n');
} else if (!quick) {
  fs.writeFileSync(path.join(root, 'BENCHMARKS.md'), renderMarkdown(allResults()));
  log('wrote BENCHMARKS.md');
} else {
  process.stdout.write(renderTable(figures) + '\n');
}
process.exitCode = results.some((r) => r.error) ? 1 : 0;

function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '';
  const a = Math.abs(v);
  return a >= 1000 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 0.1 ? v.toFixed(2) : v.toPrecision(2);
}

function renderTable(fs: Figure[]): string {
  const rows = fs.map(
    (f) =>
      `| ${f.name} | ${fmt(f.value)} ${f.unit} | ${fmt(f.baseline)} | ${fmt(f.ratio)} | ${f.target ?? ''} | ${f.pass === undefined ? '' : f.pass ? 'yes' : '**no**'} | ${f.note ?? ''} |`,
  );
  return ['| figure | value | baseline | ratio | target | met | note |', '|---|---|---|---|---|---|---|', ...rows].join(
    '\n',
  );
}

/**
 * This run's results, and for suites not run this time their last stored run, or failing that (a fresh checkout has no
 * data/bench/results) their section as BENCHMARKS.md has it now, kept word for word with its own date.
 */
function allResults(): (SuiteResult | string)[] {
  const previous = fs.existsSync(path.join(root, 'BENCHMARKS.md'))
    ? fs.readFileSync(path.join(root, 'BENCHMARKS.md'), 'utf8')
    : '';
  return SUITES.flatMap((suite): (SuiteResult | string)[] => {
    const fresh = results.find((r) => r.suite === suite);
    if (fresh) return [fresh];
    const file = path.join(resultsDir, `${suite.name}.json`);
    if (fs.existsSync(file)) return [{ suite, ...JSON.parse(fs.readFileSync(file, 'utf8')) } as SuiteResult];
    const section = new RegExp(`^## ${suite.name}\\n[\\s\\S]*?(?=^## |(?![\\s\\S]))`, 'm').exec(previous);
    return section ? [section[0].trimEnd() + '\n'] : [];
  });
}

function renderMarkdown(all: (SuiteResult | string)[]): string {
  const cpus = os.cpus();
  const parts = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (do not edit by hand). Every figure below was measured in the run that wrote this file.',
    'Machines here are shared and noisy, so figures that matter are ratios against raw DuckDB doing the same work on the',
    'same data in the same run.',
    '',
    `Machine: Node ${process.version} · ${cpus.length} × ${cpus[0]?.model ?? 'cpu'} · ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM.`,
    'Each section says when its suite ran; `npm run bench -- --only <suite>` re-runs one suite and keeps the others.',
    '',
  ];
  for (const r of all) {
    if (typeof r === 'string') {
      parts.push(r);
      continue;
    }
    parts.push(
      `## ${r.suite.name}`,
      '',
      r.suite.method.trim(),
      '',
      `Run at ${r.at}; suite time ${r.seconds.toFixed(0)} s.`,
      '',
    );
    if (r.error) parts.push(`**The suite failed:** ${r.error}`, '');
    if (r.figures.length) parts.push(renderTable(r.figures), '');
  }
  return parts.join('\n');
}
