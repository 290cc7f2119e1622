import type { SpecDocument, SpecNodeDocument } from '../../contract/indicators.ts';
import { badRequest } from '../errors.ts';

// The methodology-spec format (docs/methodology-format.md): a tree of leaves (a column, transformed,
// normalised, oriented) and groups (weighted arithmetic or geometric means), scored per entity.

export type Transform = 'none' | 'log' | 'log1p' | 'sqrt';
export type Direction = 'higher_is_better' | 'lower_is_better';
export type NormalizeMethod = 'minmax' | 'zscore' | 'rank' | 'none';
export type Aggregate = 'arithmetic' | 'geometric';
export type MissingPolicy = 'skip' | 'zero' | 'exclude';

export interface Title {
  zh?: string;
  en?: string;
}

export interface Normalize {
  method: NormalizeMethod;
  min?: number;
  max?: number;
  clamp?: boolean;
}

interface NodeBase {
  id: string;
  weight: number;
  title?: Title;
}

export interface LeafNode extends NodeBase {
  kind: 'leaf';
  column: string;
  transform: Transform;
  direction: Direction;
  normalize: Normalize;
}

export interface GroupNode extends NodeBase {
  kind: 'group';
  aggregate: Aggregate;
  children: SpecNode[];
}

export type SpecNode = LeafNode | GroupNode;

export interface Spec {
  id: string;
  title?: Title;
  description?: Title;
  entity: string;
  missing: MissingPolicy;
  tree: SpecNode;
}

/** Output columns of a scored table; node ids may not take these names. */
export const RESERVED_IDS = ['entity', 'score', 'rank'];
const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const TRANSFORMS: Transform[] = ['none', 'log', 'log1p', 'sqrt'];
const DIRECTIONS: Direction[] = ['higher_is_better', 'lower_is_better'];
const METHODS: NormalizeMethod[] = ['minmax', 'zscore', 'rank', 'none'];
const AGGREGATES: Aggregate[] = ['arithmetic', 'geometric'];
const MISSING: MissingPolicy[] = ['skip', 'zero', 'exclude'];

/** A spec problem, located by a JSON path such as `tree.children[1].normalize.min`. */
export interface SpecIssue {
  path: string;
  message: string;
}

export class SpecError extends Error {
  constructor(readonly issues: SpecIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
    this.name = 'SpecError';
  }
}

/** The spec error as an API error (400 invalid_spec, every issue in details). */
export function specErrorToAtlas(err: SpecError) {
  return badRequest(
    'invalid_spec',
    `the methodology spec is not valid: ${err.message}`,
    { issues: err.issues },
    `方法规格无效：${err.message}`,
  );
}

/**
 * Bounds on a posted spec (issue 23), checked before anything walks the tree recursively or compiles it to SQL: a spec
 * of ten thousand leaves or nested thousands deep would otherwise overflow the stack or DuckDB's expression depth, and
 * the spec id reaches response headers (X-Atlas-Index) and file names. ATLAS_SPEC_MAX_NODES, ATLAS_SPEC_MAX_DEPTH and
 * ATLAS_SPEC_MAX_ID_LENGTH change them; an id is always letters, digits, _ . or -, starting with a letter.
 */
export interface SpecLimits {
  nodes: number;
  depth: number;
  idLength: number;
}

export function specLimits(env: NodeJS.ProcessEnv = process.env): SpecLimits {
  const n = (v: string | undefined, fallback: number) =>
    Number.isInteger(Number(v)) && Number(v) > 0 ? Number(v) : fallback;
  return {
    nodes: n(env.ATLAS_SPEC_MAX_NODES, 500),
    depth: n(env.ATLAS_SPEC_MAX_DEPTH, 16),
    idLength: n(env.ATLAS_SPEC_MAX_ID_LENGTH, 64),
  };
}

const SPEC_ID_CHARS = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/** A value as a short quote for a message: never the whole of a megabyte string. */
const quote = (v: unknown) => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
};

/**
 * Refuse a spec over the limits (SpecError), walking its tree without recursion: safe to call on any posted document
 * before code that recurses over it.
 */
export function checkSpecLimits(doc: unknown, limits: SpecLimits = specLimits()) {
  if (!isObject(doc)) return;
  const issues: SpecIssue[] = [];
  const id = doc.id;
  if (typeof id === 'string' && id.length > limits.idLength)
    issues.push({ path: 'id', message: `must be at most ${limits.idLength} characters (got ${id.length})` });
  else if (typeof id === 'string' && id.trim() && !SPEC_ID_CHARS.test(id))
    issues.push({
      path: 'id',
      message: `must be letters, digits, _ . or -, starting with a letter (got ${quote(id)})`,
    });
  let nodes = 0;
  let deepest = 0;
  const stack: { node: unknown; depth: number }[] = [{ node: doc.tree, depth: 1 }];
  while (stack.length && nodes <= limits.nodes && deepest <= limits.depth) {
    const { node, depth } = stack.pop()!;
    if (!isObject(node)) continue;
    nodes++;
    deepest = Math.max(deepest, depth);
    if (Array.isArray(node.children)) for (const c of node.children) stack.push({ node: c, depth: depth + 1 });
  }
  if (nodes > limits.nodes) issues.push({ path: 'tree', message: `has more than ${limits.nodes} nodes` });
  if (deepest > limits.depth) issues.push({ path: 'tree', message: `is nested more than ${limits.depth} levels deep` });
  if (issues.length) throw new SpecError(issues);
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Check a spec document and return it with defaults filled in. With `columns` (the input's real columns and whether
 * each is numeric), every column the spec names must exist there and be numeric. Collects every issue before failing.
 */
export function parseSpec(
  doc: unknown,
  columns?: ReadonlyMap<string, { numeric: boolean }>,
  limits: SpecLimits = specLimits(),
): Spec {
  const issues: SpecIssue[] = [];
  const fail = (path: string, message: string) => void issues.push({ path, message });
  if (!isObject(doc)) throw new SpecError([{ path: '$', message: 'a spec must be a JSON object' }]);
  checkSpecLimits(doc, limits);
  allowOnly(doc, '$', ['id', 'title', 'description', 'entity', 'tree', 'missing'], fail);

  const id = typeof doc.id === 'string' && doc.id.trim() ? doc.id : (fail('id', 'must be a non-empty string'), '');
  const entity =
    typeof doc.entity === 'string' && doc.entity
      ? doc.entity
      : (fail('entity', 'must name the column that identifies each entity'), '');
  const missing = oneOf(doc.missing ?? 'skip', MISSING, 'missing', fail) ?? 'skip';
  const title = parseTitle(doc.title, 'title', fail);
  const description = parseTitle(doc.description, 'description', fail);

  const seen = new Set<string>();
  const tree = isObject(doc.tree)
    ? parseNode(doc.tree, 'tree', seen, fail)
    : (fail('tree', 'must be a node object (a leaf with "column" or a group with "children")'), null);

  if (columns && entity && !columns.has(entity)) {
    fail('entity', `column ${quote(entity)} is not in the input; available columns: ${[...columns.keys()].join(', ')}`);
  }
  if (columns && tree) {
    for (const { leaf, path } of leavesWithPaths(tree, 'tree')) {
      const col = columns.get(leaf.column);
      if (!col)
        fail(
          `${path}.column`,
          `column ${quote(leaf.column)} is not in the input; available columns: ${[...columns.keys()].join(', ')}`,
        );
      else if (!col.numeric) fail(`${path}.column`, `column ${quote(leaf.column)} is not numeric`);
    }
  }
  if (tree) checkGeometric(tree, 'tree', fail);
  if (issues.length) throw new SpecError(issues);
  return { id, ...(title && { title }), ...(description && { description }), entity, missing, tree: tree! };
}

function parseNode(n: Json, path: string, seen: Set<string>, fail: (p: string, m: string) => void): SpecNode | null {
  const id = typeof n.id === 'string' ? n.id : '';
  if (!ID_PATTERN.test(id))
    fail(`${path}.id`, `must be 1–64 letters, digits, _ . or -, starting with a letter (got ${quote(n.id)})`);
  else if (RESERVED_IDS.includes(id)) fail(`${path}.id`, `"${id}" is reserved for an output column; choose another id`);
  else if (seen.has(id)) fail(`${path}.id`, `duplicate id "${id}": every node id must be unique in the tree`);
  seen.add(id);
  let weight = 1;
  if (n.weight !== undefined) {
    if (typeof n.weight !== 'number' || !Number.isFinite(n.weight))
      fail(`${path}.weight`, `must be a number (got ${JSON.stringify(n.weight)})`);
    else if (n.weight < 0) fail(`${path}.weight`, `must be zero or more (got ${n.weight})`);
    else weight = n.weight;
  }
  const title = parseTitle(n.title, `${path}.title`, fail);
  const base = { id, weight, ...(title && { title }) };
  const hasColumn = n.column !== undefined;
  const hasChildren = n.children !== undefined;
  if (hasColumn === hasChildren) {
    fail(path, 'a node is either a leaf (with "column") or a group (with "children"), not both or neither');
    return null;
  }
  if (hasColumn) {
    allowOnly(n, path, ['id', 'weight', 'title', 'column', 'transform', 'direction', 'normalize'], fail);
    if (typeof n.column !== 'string' || !n.column) fail(`${path}.column`, 'must be a column name');
    const transform = oneOf(n.transform ?? 'none', TRANSFORMS, `${path}.transform`, fail) ?? 'none';
    const direction =
      oneOf(n.direction ?? 'higher_is_better', DIRECTIONS, `${path}.direction`, fail) ?? 'higher_is_better';
    const normalize = parseNormalize(n.normalize, transform, `${path}.normalize`, fail);
    return { kind: 'leaf', ...base, column: String(n.column), transform, direction, normalize };
  }
  allowOnly(n, path, ['id', 'weight', 'title', 'aggregate', 'children'], fail);
  const aggregate = oneOf(n.aggregate ?? 'arithmetic', AGGREGATES, `${path}.aggregate`, fail) ?? 'arithmetic';
  if (!Array.isArray(n.children) || n.children.length === 0) {
    fail(`${path}.children`, 'a group needs at least one child');
    return { kind: 'group', ...base, aggregate, children: [] };
  }
  const children: SpecNode[] = [];
  n.children.forEach((c, i) => {
    const p = `${path}.children[${i}]`;
    if (!isObject(c)) fail(p, 'must be a node object');
    else {
      const child = parseNode(c, p, seen, fail);
      if (child) children.push(child);
    }
  });
  if (children.length === n.children.length && children.every((c) => c.weight === 0)) {
    fail(`${path}.children`, "the weights of a group's children are all zero; give at least one a positive weight");
  }
  return { kind: 'group', ...base, aggregate, children };
}

const DOMAIN: Record<Transform, { ok: (x: number) => boolean; need: string }> = {
  none: { ok: () => true, need: '' },
  log: {
    ok: (x) => x > 0,
    need: 'greater than 0 (log of a non-positive number is undefined; use log1p for counts with zeros)',
  },
  log1p: { ok: (x) => x > -1, need: 'greater than -1' },
  sqrt: { ok: (x) => x >= 0, need: '0 or more' },
};

function parseNormalize(
  v: unknown,
  transform: Transform,
  path: string,
  fail: (p: string, m: string) => void,
): Normalize {
  if (v === undefined) return { method: 'minmax' };
  if (!isObject(v)) {
    fail(path, 'must be an object such as {"method": "minmax", "min": 0, "max": 1}');
    return { method: 'minmax' };
  }
  allowOnly(v, path, ['method', 'min', 'max', 'clamp'], fail);
  const method = oneOf(v.method ?? 'minmax', METHODS, `${path}.method`, fail) ?? 'minmax';
  const out: Normalize = { method };
  const hasMin = v.min !== undefined;
  const hasMax = v.max !== undefined;
  if ((hasMin || hasMax) && method !== 'minmax')
    fail(path, `goalposts (min, max) apply only to method "minmax", not "${method}"`);
  if (hasMin !== hasMax) fail(path, 'give both goalposts, min and max, or neither');
  for (const k of ['min', 'max'] as const) {
    if (v[k] === undefined) continue;
    const x = v[k];
    if (typeof x !== 'number' || !Number.isFinite(x))
      fail(`${path}.${k}`, `must be a number (got ${JSON.stringify(x)})`);
    else if (!DOMAIN[transform].ok(x))
      fail(`${path}.${k}`, `goalpost ${x} cannot be transformed by ${transform}: it must be ${DOMAIN[transform].need}`);
    else out[k] = x;
  }
  if (out.min !== undefined && out.max !== undefined && !(out.min < out.max))
    fail(path, `min (${out.min}) must be below max (${out.max})`);
  if (v.clamp !== undefined) {
    if (typeof v.clamp !== 'boolean') fail(`${path}.clamp`, 'must be true or false');
    else if (method !== 'minmax') fail(`${path}.clamp`, 'clamping applies only to method "minmax"');
    else out.clamp = v.clamp;
  }
  return out;
}

/** Whether a node's score can be below zero for some data (then a geometric parent is undefined). */
export function canBeNegative(node: SpecNode): 'never' | 'maybe' | 'yes' {
  if (node.kind === 'group') {
    const kinds = node.children.map(canBeNegative);
    return kinds.includes('yes') ? 'yes' : kinds.includes('maybe') ? 'maybe' : 'never';
  }
  const { method, min, clamp } = node.normalize;
  if (method === 'zscore') return 'yes';
  if (method === 'none') return 'maybe';
  if (method === 'minmax' && min !== undefined && clamp === false) return 'maybe';
  return 'never';
}

function checkGeometric(node: SpecNode, path: string, fail: (p: string, m: string) => void) {
  if (node.kind !== 'group') return;
  node.children.forEach((c, i) => {
    const p = `${path}.children[${i}]`;
    if (node.aggregate === 'geometric' && canBeNegative(c) === 'yes') {
      fail(
        p,
        `"${c.id}" can be negative (z-scores are), so the geometric group "${node.id}" cannot take it; use arithmetic aggregation or another normalisation`,
      );
    }
    checkGeometric(c, p, fail);
  });
}

function parseTitle(v: unknown, path: string, fail: (p: string, m: string) => void): Title | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return { en: v };
  if (!isObject(v) || !Object.values(v).every((x) => typeof x === 'string')) {
    fail(path, 'must be a string or {"zh": "…", "en": "…"}');
    return undefined;
  }
  return { ...(typeof v.zh === 'string' && { zh: v.zh }), ...(typeof v.en === 'string' && { en: v.en }) };
}

function oneOf<T extends string>(
  v: unknown,
  allowed: readonly T[],
  path: string,
  fail: (p: string, m: string) => void,
): T | undefined {
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  fail(path, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(v)})`);
  return undefined;
}

function allowOnly(o: Json, path: string, keys: string[], fail: (p: string, m: string) => void) {
  for (const k of Object.keys(o))
    if (!keys.includes(k)) fail(path === '$' ? k : `${path}.${k}`, `unknown field; allowed here: ${keys.join(', ')}`);
}

/** Every leaf with its JSON path. */
export function leavesWithPaths(node: SpecNode, path = 'tree'): { leaf: LeafNode; path: string }[] {
  if (node.kind === 'leaf') return [{ leaf: node, path }];
  return node.children.flatMap((c, i) => leavesWithPaths(c, `${path}.children[${i}]`));
}

/** Nodes in pre-order (root first), the order of the node columns in the output. */
export function nodesPreOrder(node: SpecNode): SpecNode[] {
  return node.kind === 'leaf' ? [node] : [node, ...node.children.flatMap(nodesPreOrder)];
}

/** A copy of the spec with some node weights replaced (ids checked) — the dashboard's weight sliders. */
export function withWeights(spec: Spec, weights: Record<string, number>): Spec {
  const ids = new Set(nodesPreOrder(spec.tree).map((n) => n.id));
  for (const [id, w] of Object.entries(weights)) {
    if (!ids.has(id))
      throw badRequest(
        'invalid_weights',
        `no node "${id}" in methodology "${spec.id}"; nodes: ${[...ids].join(', ')}`,
        { field: 'weights', value: id },
        `方法「${spec.id}」中没有节点「${id}」；节点：${[...ids].join('、')}`,
      );
    if (!Number.isFinite(w) || w < 0)
      throw badRequest(
        'invalid_weights',
        `the weight of "${id}" must be a number ≥ 0 (got ${w})`,
        {
          field: 'weights',
          value: w,
        },
        `「${id}」的权重必须是不小于 0 的数（收到 ${w}）`,
      );
  }
  const copy = (n: SpecNode): SpecNode =>
    n.kind === 'leaf'
      ? { ...n, weight: weights[n.id] ?? n.weight }
      : { ...n, weight: weights[n.id] ?? n.weight, children: n.children.map(copy) };
  const out = { ...spec, tree: copy(spec.tree) };
  return parseSpec(toDocument(out));
}

/** A copy where every leaf uses one normalisation (the method switch); goalposts are kept only for minmax. */
export function withNormalization(spec: Spec, method: NormalizeMethod, keepGoalposts = true): Spec {
  const copy = (n: SpecNode): SpecNode =>
    n.kind === 'leaf'
      ? {
          ...n,
          normalize: method === 'minmax' && keepGoalposts && n.normalize.method === 'minmax' ? n.normalize : { method },
        }
      : { ...n, children: n.children.map(copy) };
  return { ...spec, tree: copy(spec.tree) };
}

/** The spec as a JSON document again (defaults written out). */
export function toDocument(spec: Spec): SpecDocument {
  const node = (n: SpecNode): SpecNodeDocument => {
    if (n.kind === 'leaf') {
      const { kind: _k, ...leaf } = n;
      return leaf;
    }
    const { kind: _k, children, ...group } = n;
    return { ...group, children: children.map(node) };
  };
  return { ...spec, tree: node(spec.tree) };
}
