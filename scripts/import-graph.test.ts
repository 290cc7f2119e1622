// The architecture of the repository as it is: no cycle between features, no web import of server code, no feature
// reaching into another (docs/architecture.md, "Dependencies"). import-rules.test.ts shows that each rule catches
// what it should.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImportGraph } from './import-graph.ts';
import {
  contractImportsOutside,
  crossFeatureImports,
  featureCycles,
  fileCycles,
  isTest,
  sharedImportsFeature,
  webImportsOutsideWeb,
  WEB_RUNTIME_CONTRACT,
} from './import-rules.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * File-level cycles that stay, keyed by their files (cycleKey), with the reason they are harmless. The test fails when
 * one of them disappears, so the list stays true.
 */
const ALLOWED_FILE_CYCLES: Record<string, string> = {
  'server/sql/sandbox.ts ⇄ server/sql/schema-info.ts':
    'type-only both ways (erased from the JavaScript): the sandbox hands out the catalog that schema-info reads',
};

const graph = readImportGraph(ROOT);
const messages = (violations: { message: string }[]) => violations.map((v) => v.message);

describe('the import graph', () => {
  it('covers the TypeScript and the Svelte scripts of every source folder', () => {
    const files = [...graph.keys()];
    for (const folder of ['server/', 'web/src/', 'bench/', 'scripts/', 'tests/'])
      expect(files.filter((f) => f.startsWith(folder)).length, folder).toBeGreaterThan(0);
    expect(files.filter((f) => f.endsWith('.svelte')).length).toBeGreaterThan(10);
    // a lazy import() and an import inside a .svelte <script>
    expect(graph.get('web/src/app/pages.ts')!.map((e) => e.to)).toContain('web/src/features/rankings/Page.svelte');
    expect(graph.get('web/src/features/rankings/Page.svelte')!.map((e) => e.to)).toContain(
      'web/src/features/rankings/model.ts',
    );
  });

  it('resolves every relative import to a file that exists (a rule cannot miss an import it failed to read)', () => {
    const missing = [...graph].flatMap(([from, edges]) =>
      edges.filter((e) => !fs.existsSync(path.join(ROOT, e.to))).map((e) => `${from} imports ${e.specifier}`),
    );
    expect(missing).toEqual([]);
  });
});

describe('architecture', () => {
  it('has no cycle between features', () => {
    expect(messages(featureCycles(graph))).toEqual([]);
  });

  it('keeps server code out of the web app: only types of the contract/ folder come from outside web/', () => {
    expect(messages(webImportsOutsideWeb(graph))).toEqual([]);
  });

  it('keeps test support out of the product: only tests, benchmarks and scripts import server/test-support/', () => {
    const leaks = [...graph].flatMap(([from, edges]) =>
      (from.startsWith('server/') || from.startsWith('web/') || from.startsWith('contract/')) && !isTest(from)
        ? edges.filter((e) => e.to.startsWith('server/test-support/')).map((e) => `${from} imports ${e.to}`)
        : [],
    );
    expect(leaks).toEqual([]);
  });

  it('keeps the contract apart from both sides, and its modules the web app runs free of imports', () => {
    expect(messages(contractImportsOutside(graph))).toEqual([]);
    for (const file of WEB_RUNTIME_CONTRACT)
      expect(fs.readFileSync(path.join(ROOT, file), 'utf8'), file).not.toMatch(/^\s*import\s/m);
  });

  it('has no feature importing another feature’s files', () => {
    expect(messages(crossFeatureImports(graph))).toEqual([]);
  });

  it('has shared modules that import no feature, except the composition roots', () => {
    expect(messages(sharedImportsFeature(graph))).toEqual([]);
  });

  it('has no import cycle between files but the allowed ones', () => {
    expect(messages(fileCycles(graph, ALLOWED_FILE_CYCLES))).toEqual([]);
  });
});
