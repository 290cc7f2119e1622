// npm run bench            runs every suite and rewrites BENCHMARKS.md
// npm run bench -- --json  prints {"figures": [...]} on stdout (progress on stderr) and leaves BENCHMARKS.md alone
// npm run bench -- --quick small inputs, to check the suites run (figures not comparable)
// npm run bench -- --only ingest,sql   run only the named suites
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchContext, BenchSuite, Figure } from './figures.ts';
import { SUITES } from './suites.ts';

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

const results: { suite: BenchSuite; figures: Figure[]; error?: string; seconds: number }[] = [];
for (const suite of SUITES) {
  if (only && !only.includes(suite.name)) continue;
  log(`suite ${suite.name}`);
  const t0 = performance.now();
  try {
    results.push({ suite, figures: await suite.run(ctx), seconds: (performance.now() - t0) / 1000 });
  } catch (err) {
    log(`suite ${suite.name} failed: ${(err as Error).stack ?? err}`);
    results.push({ suite, figures: [], error: String((err as Error).message ?? err), seconds: (performance.now() - t0) / 1000 });
  }
}

const figures = results.flatMap((r) => r.figures);
if (json) {
  process.stdout.write(JSON.stringify({ figures }) + '\n');
} else if (!only && !quick) {
  fs.writeFileSync(path.join(root, 'BENCHMARKS.md'), renderMarkdown());
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
  const rows = fs.map((f) => `| ${f.name} | ${fmt(f.value)} ${f.unit} | ${fmt(f.baseline)} | ${fmt(f.ratio)} | ${f.target ?? ''} | ${f.pass === undefined ? '' : f.pass ? 'yes' : '**no**'} | ${f.note ?? ''} |`);
  return ['| figure | value | baseline | ratio | target | met | note |', '|---|---|---|---|---|---|---|', ...rows].join('\n');
}

function renderMarkdown(): string {
  const cpus = os.cpus();
  const parts = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (do not edit by hand). Every figure below was measured in the run that wrote this file.',
    'Machines here are shared and noisy, so figures that matter are ratios against raw DuckDB doing the same work on the',
    'same data in the same run.',
    '',
    `Run: ${new Date().toISOString()} · Node ${process.version} · ${cpus.length} × ${cpus[0]?.model ?? 'cpu'} · ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM`,
    '',
  ];
  for (const r of results) {
    parts.push(`## ${r.suite.name}`, '', r.suite.method.trim(), '', `Suite time: ${r.seconds.toFixed(0)} s.`, '');
    if (r.error) parts.push(`**The suite failed:** ${r.error}`, '');
    if (r.figures.length) parts.push(renderTable(r.figures), '');
  }
  return parts.join('\n');
}
