// Each architecture rule catches what it should, on small graphs written here: import-graph.test.ts can only pass on
// the repository if the rules can fail.
import { describe, expect, it } from 'vitest';
import { importsOf, type ImportGraph } from './import-graph.ts';
import {
  crossFeatureImports,
  featureCycles,
  featureOf,
  fileCycles,
  sharedImportsFeature,
  webImportsOutsideWeb,
} from './import-rules.ts';

/** A graph from `file: source text` pairs, read the way the repository is. */
function graphOf(files: Record<string, string>): ImportGraph {
  return new Map(Object.entries(files).map(([file, text]) => [file, importsOf(file, text)]));
}

const messages = (violations: { message: string }[]) => violations.map((v) => v.message);

describe('reading imports', () => {
  it('resolves relative imports, static, dynamic and re-exports, and leaves packages out', () => {
    const edges = importsOf(
      'server/ingest/jobs.ts',
      `import fs from 'node:fs';
       import { a } from './pipeline.ts';
       import type { B } from '../db/query.ts';
       import { type C } from '../errors.ts';
       export { d } from '../log.ts';
       export type { E } from '../csv.ts';
       import '../side-effect.ts';
       const f = () => import('./portal/import-catalog.ts');
       let g: typeof import('../filters.ts');`,
    );
    expect(edges.map((e) => [e.to, e.typeOnly])).toEqual([
      ['server/ingest/pipeline.ts', false],
      ['server/db/query.ts', true],
      // under verbatimModuleSyntax this stays `import {} from '../errors.ts'`: the module is loaded
      ['server/errors.ts', false],
      ['server/log.ts', false],
      ['server/csv.ts', true],
      ['server/side-effect.ts', false],
      ['server/ingest/portal/import-catalog.ts', false],
      ['server/filters.ts', true],
    ]);
  });

  it('reads every <script> block of a Svelte component, and nothing of its markup', () => {
    const edges = importsOf(
      'web/src/features/map/Page.svelte',
      `<script module lang="ts">
         import type { X } from '../../app/x.ts';
       </script>
       <script lang="ts">
         import Chart from '../../charts/Chart.svelte';
       </script>
       <p>import nothing from './not-code.ts'</p>`,
    );
    expect(edges.map((e) => e.to)).toEqual(['web/src/app/x.ts', 'web/src/charts/Chart.svelte']);
  });
});

describe('features', () => {
  it('are the folders of server/ but the shared ones, and the folders of web/src/features/', () => {
    expect(featureOf('server/ingest/portal/import-catalog.ts')).toBe('server/ingest');
    expect(featureOf('server/db/query.ts')).toBeNull();
    expect(featureOf('server/api/respond.ts')).toBeNull();
    expect(featureOf('server/filters.ts')).toBeNull();
    expect(featureOf('web/src/features/rankings/model.ts')).toBe('web/features/rankings');
    expect(featureOf('web/src/app/indicators/ranking.ts')).toBeNull();
    expect(featureOf('bench/portal.ts')).toBeNull();
  });
});

describe('the rules', () => {
  it('(a) name a cycle between features with the files of each step, even through a third feature', () => {
    const graph = graphOf({
      'server/ingest/jobs.ts': `import { x } from '../portal/import.ts';`,
      'server/portal/import.ts': `import { y } from '../dashboard/period.ts';`,
      'server/dashboard/period.ts': `import { z } from '../ingest/pipeline.ts';`,
      'server/ingest/pipeline.ts': ``,
    });
    expect(messages(featureCycles(graph))).toEqual([
      'features import each other: server/dashboard → server/ingest → server/portal → server/dashboard (' +
        'server/dashboard/period.ts imports server/ingest/pipeline.ts; ' +
        'server/ingest/jobs.ts imports server/portal/import.ts; ' +
        'server/portal/import.ts imports server/dashboard/period.ts)',
    ]);
    // without the step back there is no cycle
    graph.set('server/dashboard/period.ts', []);
    expect(featureCycles(graph)).toEqual([]);
  });

  it('(a) do not count a test importing another feature as a dependency', () => {
    const graph = graphOf({
      'server/ingest/pipeline.ts': `import { facts } from '../indicators/facts.ts';`,
      'server/indicators/facts.ts': ``,
      'server/indicators/planted.test.ts': `import { ingestFile } from '../ingest/pipeline.ts';`,
    });
    expect(featureCycles(graph)).toEqual([]);
    expect(messages(crossFeatureImports(graph))).toEqual([
      'server/ingest/pipeline.ts imports server/indicators/facts.ts: feature server/ingest reaches into feature ' +
        'server/indicators; move what both need to a shared module',
    ]);
  });

  it('(b) refuse a web import of server code, and a value import of the contract', () => {
    const graph = graphOf({
      'web/src/features/map/Page.svelte': `<script lang="ts">import { x } from '../../../../server/period.ts';</script>`,
      'web/src/app/api.ts': `import type { Ranking } from '../../../contract/rankings.ts';`,
      'web/src/app/format.ts': `import { rankingSchema } from '../../../contract/rankings.ts';`,
      'web/test-setup.ts': `import { ROOT } from '../server/db/paths.ts';`,
    });
    expect(messages(webImportsOutsideWeb(graph))).toEqual([
      'web/src/features/map/Page.svelte imports server/period.ts: the web app imports nothing outside web/ except ' +
        'types from contract/',
      'web/src/app/format.ts imports contract/rankings.ts without `import type`: the web app takes only types from ' +
        'the contract',
      'web/test-setup.ts imports server/db/paths.ts: the web app imports nothing outside web/ except types from ' +
        'contract/',
    ]);
  });

  it('(c) refuse a feature importing another feature, on the server and in the web app, and allow shared modules', () => {
    const graph = graphOf({
      'web/src/features/heatmap/Page.svelte': `<script lang="ts">
        import { QUADRANTS } from '../candidates/model.ts';
        import { quadrantKey } from '../../app/indicators/quadrants.ts';
      </script>`,
      'server/indicators/inputs.ts': `import { openFrom } from '../dashboard/period.ts';
        import { parseFilters } from '../filters.ts';
        import { queryRows } from '../db/query.ts';
        import { sendTable } from '../api/respond.ts';`,
    });
    expect(messages(crossFeatureImports(graph))).toEqual([
      'web/src/features/heatmap/Page.svelte imports web/src/features/candidates/model.ts: feature ' +
        'web/features/heatmap reaches into feature web/features/candidates; move what both need to a shared module',
      'server/indicators/inputs.ts imports server/dashboard/period.ts: feature server/indicators reaches into ' +
        'feature server/dashboard; move what both need to a shared module',
    ]);
  });

  it('refuse a shared module importing a feature, and a feature importing a composition root', () => {
    const graph = graphOf({
      'server/api/app.ts': `import { ingestRoutes } from '../ingest/routes.ts';`,
      'server/filters.ts': `import { x } from './dashboard/measures.ts';`,
      'web/src/app/pages.ts': `const load = () => import('../features/map/Page.svelte');`,
      'web/src/app/format.ts': `import { messages } from '../features/map/messages.ts';`,
      'server/sql/routes.ts': `import { createApp } from '../api/app.ts';`,
      'server/db/sql-files.test.ts': `import { facts } from '../indicators/facts.ts';`,
    });
    expect(messages(sharedImportsFeature(graph))).toEqual([
      'server/filters.ts imports server/dashboard/measures.ts: a shared module depends on feature server/dashboard',
      'web/src/app/format.ts imports web/src/features/map/messages.ts: a shared module depends on feature ' +
        'web/features/map',
      'server/sql/routes.ts imports server/api/app.ts: feature server/sql imports a composition root',
    ]);
  });

  it('name file-level cycles, skip the allowed ones and report an allowed one that is gone', () => {
    const graph = graphOf({
      'server/sql/a.ts': `import { b } from './b.ts';`,
      'server/sql/b.ts': `import { c } from './c.ts';`,
      'server/sql/c.ts': `import { a } from './a.ts';`,
      'server/sql/self.ts': `import { me } from './self.ts';`,
      'server/sql/x.ts': `import type { Y } from './y.ts';`,
      'server/sql/y.ts': `import type { X } from './x.ts';`,
    });
    expect(messages(fileCycles(graph, { 'server/sql/x.ts ⇄ server/sql/y.ts': 'types only' }))).toEqual([
      'files import each other: server/sql/a.ts → server/sql/b.ts → server/sql/c.ts → server/sql/a.ts',
      'files import each other: server/sql/self.ts → server/sql/self.ts',
    ]);
    expect(messages(fileCycles(graph, { 'server/sql/p.ts ⇄ server/sql/q.ts': 'gone' })).at(-1)).toBe(
      'the allowed cycle server/sql/p.ts ⇄ server/sql/q.ts no longer exists: remove it from the allowed list',
    );
  });
});
