/**
 * The architecture rules over the import graph (import-graph.ts), as pure functions that return what breaks them, so a
 * test can check the repository and other tests can check that each rule catches what it should.
 *
 * A feature is a folder `server/<feature>/` or `web/src/features/<feature>/`. Features depend on shared modules (the
 * files at the top of server/, server/db, server/api, server/cli, server/facts, server/test-support; web/src/app, web/src/charts),
 * never on each other; only the composition roots wire features together.
 */
import type { ImportEdge, ImportGraph } from './import-graph.ts';

/** Folders of server/ that every feature may use; every other folder of server/ is a feature. */
export const SERVER_SHARED_FOLDERS = ['db', 'api', 'cli', 'test-support', 'facts'];

/**
 * Shared files that import features, and why. A feature must not import them (that would hide a reach across
 * features behind a shared name): they are the places where features meet.
 */
export const COMPOSITION_ROOTS: Record<string, string> = {
  'server/api/app.ts': 'mounts every feature’s routes',
  'server/cli/run-cli.ts': 'registers every feature’s command',
  'server/api/sample-bootstrap.ts': 'the first start of `atlas serve` generates the sample data and ingests it',
  'web/src/app/pages.ts': 'the router: loads every page lazily',
};

/** Where the web app may import from outside web/: the zod contract, as types only (no server code in the bundle). */
export const WEB_CONTRACT_FOLDER = 'contract/';

/**
 * Contract modules the web app may import as code: they import nothing at all (no zod, no other module; the
 * architecture test reads them to check), so what the web app takes is their own few lines.
 */
export const WEB_RUNTIME_CONTRACT = ['contract/messages.ts', 'contract/sql-params.ts'];

export interface Violation {
  rule:
    | 'feature-cycle'
    | 'web-imports-outside-web'
    | 'cross-feature-import'
    | 'shared-imports-feature'
    | 'file-cycle'
    | 'contract-imports-outside';
  message: string;
}

/** `server/ingest`, `web/features/rankings`, or null for a shared module, a test, a script or a benchmark. */
export function featureOf(file: string): string | null {
  const server = /^server\/([^/]+)\//.exec(file);
  if (server) return SERVER_SHARED_FOLDERS.includes(server[1]) ? null : `server/${server[1]}`;
  const web = /^web\/src\/features\/([^/]+)\//.exec(file);
  return web ? `web/features/${web[1]}` : null;
}

/** Code the product is built from, shared by features: not a feature, a test, a script, a benchmark or a browser test. */
function isShared(file: string): boolean {
  return (file.startsWith('server/') || file.startsWith('web/src/')) && featureOf(file) === null;
}

/**
 * A test is a leaf: nothing imports it, so it can neither close a cycle nor leak a dependency into the product; the
 * integration tests of one feature build their data with generate and ingest. server/test-support/ is test code too:
 * the fixtures and sample requests several features' tests share (only tests and benchmarks import it).
 */
export function isTest(file: string): boolean {
  return /\.test\.ts$/.test(file) || file.startsWith('server/test-support/');
}

function edges(graph: ImportGraph): { from: string; edge: ImportEdge }[] {
  return [...graph].flatMap(([from, list]) => list.map((edge) => ({ from, edge })));
}

const imports = (from: string, edge: ImportEdge) => `${from} imports ${edge.to}`;

/** (b) web/ imports nothing outside web/ but the contract, and the contract only with `import type`. */
export function webImportsOutsideWeb(graph: ImportGraph): Violation[] {
  return edges(graph)
    .filter(({ from, edge }) => from.startsWith('web/') && !edge.to.startsWith('web/'))
    .filter(({ edge }) => !(edge.to.startsWith(WEB_CONTRACT_FOLDER) && edge.typeOnly))
    .filter(({ edge }) => !WEB_RUNTIME_CONTRACT.includes(edge.to))
    .map(({ from, edge }) => ({
      rule: 'web-imports-outside-web',
      message: edge.to.startsWith(WEB_CONTRACT_FOLDER)
        ? `${imports(from, edge)} without \`import type\`: the web app takes only types from the contract`
        : `${imports(from, edge)}: the web app imports nothing outside web/ except types from ${WEB_CONTRACT_FOLDER}`,
    }));
}

/** The contract stands alone: it imports only its own modules (and zod), never the server's or the web app's code. */
export function contractImportsOutside(graph: ImportGraph): Violation[] {
  return edges(graph)
    .filter(({ from, edge }) => from.startsWith(WEB_CONTRACT_FOLDER) && !edge.to.startsWith(WEB_CONTRACT_FOLDER))
    .map(({ from, edge }) => ({
      rule: 'contract-imports-outside',
      message: `${imports(from, edge)}: the contract is shared by the server and the web app and imports neither`,
    }));
}

/** (c) A feature imports no other feature's files (tests excepted, see isTest). */
export function crossFeatureImports(graph: ImportGraph): Violation[] {
  return edges(graph)
    .filter(({ from }) => !isTest(from))
    .filter(({ from, edge }) => {
      const a = featureOf(from);
      const b = featureOf(edge.to);
      return a !== null && b !== null && a !== b;
    })
    .map(({ from, edge }) => ({
      rule: 'cross-feature-import',
      message:
        `${imports(from, edge)}: feature ${featureOf(from)} reaches into feature ${featureOf(edge.to)}; ` +
        'move what both need to a shared module',
    }));
}

/** A shared module imports no feature unless it is a composition root, and no feature imports a composition root. */
export function sharedImportsFeature(graph: ImportGraph): Violation[] {
  return edges(graph)
    .filter(({ from }) => !isTest(from))
    .flatMap(({ from, edge }): Violation[] => {
      if (isShared(from) && featureOf(edge.to) !== null && !(from in COMPOSITION_ROOTS))
        return [
          {
            rule: 'shared-imports-feature',
            message: `${imports(from, edge)}: a shared module depends on feature ${featureOf(edge.to)}`,
          },
        ];
      if (featureOf(from) !== null && edge.to in COMPOSITION_ROOTS)
        return [
          {
            rule: 'shared-imports-feature',
            message: `${imports(from, edge)}: feature ${featureOf(from)} imports a composition root`,
          },
        ];
      return [];
    });
}

/** (a) Cycles between features: feature X imports Y (directly or through other features) and Y imports X. */
export function featureCycles(graph: ImportGraph): Violation[] {
  // one example file edge per pair of features, to name the files of each step of the chain
  const example = new Map<string, string>();
  const next = new Map<string, Set<string>>();
  for (const { from, edge } of edges(graph)) {
    const a = featureOf(from);
    const b = featureOf(edge.to);
    if (isTest(from) || a === null || b === null || a === b) continue;
    if (!next.has(a)) next.set(a, new Set());
    next.get(a)!.add(b);
    if (!example.has(`${a}\n${b}`)) example.set(`${a}\n${b}`, imports(from, edge));
  }
  return cycles(next).map((chain) => ({
    rule: 'feature-cycle',
    message:
      `features import each other: ${chain.join(' → ')} (` +
      chain
        .slice(1)
        .map((b, i) => example.get(`${chain[i]}\n${b}`))
        .join('; ') +
      ')',
  }));
}

/**
 * File-level import cycles, one chain per strongly connected group of files, except the allowed ones (keyed by the
 * sorted files of the group). An allowed cycle that no longer exists is reported too, so the list cannot go stale.
 */
export function fileCycles(graph: ImportGraph, allowed: Record<string, string> = {}): Violation[] {
  const next = new Map<string, Set<string>>();
  for (const { from, edge } of edges(graph)) {
    if (!graph.has(edge.to)) continue;
    if (!next.has(from)) next.set(from, new Set());
    next.get(from)!.add(edge.to);
  }
  const found = cycles(next);
  const keys = new Set(found.map((chain) => cycleKey(chain)));
  return [
    ...found
      .filter((chain) => !(cycleKey(chain) in allowed))
      .map((chain): Violation => ({ rule: 'file-cycle', message: `files import each other: ${chain.join(' → ')}` })),
    ...Object.keys(allowed)
      .filter((key) => !keys.has(key))
      .map((key): Violation => ({
        rule: 'file-cycle',
        message: `the allowed cycle ${key} no longer exists: remove it from the allowed list`,
      })),
  ];
}

/** The files of a cycle, sorted and joined: the key of an allowed cycle. */
export function cycleKey(chain: string[]): string {
  return [...new Set(chain)].sort().join(' ⇄ ');
}

/**
 * One cycle per strongly connected group of nodes (Tarjan), as a chain that starts and ends at the group's first node
 * in sort order: a → b → … → a.
 */
function cycles(next: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1 || next.get(v)?.has(v)) groups.push(group);
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  return groups.map((group) => chainThrough(next, new Set(group)));
}

/** The shortest way from the group's first node back to itself, staying inside the group. */
function chainThrough(next: Map<string, Set<string>>, group: Set<string>): string[] {
  const start = [...group].sort()[0];
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of [...(next.get(v) ?? [])].sort()) {
      if (!group.has(w)) continue;
      if (w === start) {
        const chain = [start];
        for (let u: string | undefined = v; u !== start && u !== undefined; u = cameFrom.get(u)) chain.splice(1, 0, u);
        return [...chain, start];
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
