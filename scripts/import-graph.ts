/**
 * Reads the import graph of the repository's own code: every relative import of every `.ts` file and of the
 * `<script>` blocks of every `.svelte` file, resolved to a repository-relative path. Packages (`express`, `node:fs`)
 * are left out: the architecture rules are about the project's folders, not its dependencies.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** Repository-relative path of the imported file, with `/` separators. */
  to: string;
  /** The specifier as written, for messages. */
  specifier: string;
  /**
   * `import type`, `export type … from` or a `typeof import('…')`: erased from the JavaScript. An
   * `import { type A } from` is not, under `verbatimModuleSyntax` (it stays as `import {} from`, which loads the module).
   */
  typeOnly: boolean;
}

/** Importing file (repository-relative) → what it imports. */
export type ImportGraph = Map<string, ImportEdge[]>;

export const SOURCE_FOLDERS = ['server', 'web', 'bench', 'scripts', 'tests', 'contract'];

export function readImportGraph(root: string, folders = SOURCE_FOLDERS): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const folder of folders) {
    for (const file of sourceFiles(root, folder)) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      graph.set(file, importsOf(file, text));
    }
  }
  return graph;
}

function sourceFiles(root: string, folder: string): string[] {
  const dir = path.join(root, folder);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.posix.join(folder, f.split(path.sep).join('/')))
    .filter((f) => !f.split('/').includes('node_modules') && /\.(ts|svelte)$/.test(f) && !f.endsWith('.d.ts'))
    .sort();
}

/** The relative imports of one file, resolved against its folder. */
export function importsOf(file: string, text: string): ImportEdge[] {
  const scripts = file.endsWith('.svelte') ? svelteScripts(text) : [text];
  const edges: ImportEdge[] = [];
  for (const script of scripts) {
    for (const { specifier, typeOnly } of specifiersOf(file, script)) {
      if (!specifier.startsWith('.')) continue;
      const bare = specifier.replace(/[?#].*$/, '');
      edges.push({ to: path.posix.normalize(path.posix.join(path.posix.dirname(file), bare)), specifier, typeOnly });
    }
  }
  return edges;
}

/** The bodies of a Svelte component's `<script>` and `<script module>` blocks. */
function svelteScripts(text: string): string[] {
  return [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
}

function specifiersOf(file: string, text: string): { specifier: string; typeOnly: boolean }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: !!node.importClause?.isTypeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteral(expression)) found.push({ specifier: expression.text, typeOnly: node.isTypeOnly });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments.length > 0 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
