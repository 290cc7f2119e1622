import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import { exactRows } from './exact-values.ts';
import path from 'node:path';
import { AtlasDb } from '../db/database.ts';
import { tempDir } from '../test-support/server.ts';
import { ANSWERS_FILE, CORPUS_USAGE_ROWS, type CorpusAnswer } from './legit-corpus-answers.ts';
import { LEGIT_QUERIES } from './legit-corpus.ts';
import { AnalystSandbox } from './sandbox.ts';
import { loadWorkbenchData } from './test-data.ts';

// Legitimate analyst SQL from DuckDB's documented features: every entry must run in the sandbox and give DuckDB's own
// answer (legit-corpus.expected.json, written by legit-corpus-answers.ts from a plain DuckDB instance on the same
// data). A refusal of legitimate work is a bug as much as an admitted attack (corpus.test.ts holds the attacks).

const answers = JSON.parse(fs.readFileSync(ANSWERS_FILE, 'utf8')) as Record<string, CorpusAnswer>;

/** Letters and digits only: nested values compare by content, whatever their rendering (JSON, DuckDB text, Arrow). */
const content = (v: unknown) =>
  JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)).replace(/[^\p{L}\p{N}.-]/gu, '');

/** DuckDB's JSON writes a MAP as [{key, value}, …]: as an object, so it compares with other renderings of a map. */
function asMap(v: unknown): unknown {
  const entries = Array.isArray(v) && v.every((e) => e && typeof e === 'object' && 'key' in e && 'value' in e);
  return entries && v.length > 0
    ? Object.fromEntries((v as { key: string; value: unknown }[]).map((e) => [e.key, e.value]))
    : v;
}

/** Whether a value decoded from the sandbox's Arrow answer is DuckDB's JSON rendering of the same value. */
function sameValue(actual: unknown, expected: unknown): boolean {
  if (expected === null || actual === null || actual === undefined) return expected === null && actual == null;
  if (typeof expected === 'string' && /^\d{4}-\d{2}-\d{2}( 00:00:00)?$/.test(expected)) {
    const d = actual instanceof Date ? actual : typeof actual === 'number' ? new Date(actual) : null;
    if (d) return d.toISOString().slice(0, 10) === expected.slice(0, 10);
  }
  // DuckDB's text says inf, its JSON Infinity
  const special: Record<string, number> = { inf: Infinity, '-inf': -Infinity, Infinity, '-Infinity': -Infinity };
  const num = (x: unknown) =>
    typeof x === 'bigint'
      ? Number(x)
      : typeof x === 'string' && x in special
        ? special[x]
        : typeof x === 'string' && x.trim() !== ''
          ? Number(x)
          : x;
  const a = num(actual);
  const e = num(expected);
  if (typeof a === 'number' && a === e) return true;
  if (typeof a === 'number' && typeof e === 'number' && Number.isFinite(e))
    return Math.abs(a - e) <= 1e-9 * Math.max(1, Math.abs(e));
  if (typeof expected === 'object' || typeof actual === 'object') return content(actual) === content(asMap(expected));
  return String(actual) === String(expected);
}

/** A decoded Arrow value as plain data (lists and structs arrive as Arrow vectors and rows). */
function plain(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && 'toJSON' in v && typeof v.toJSON === 'function') return plain(v.toJSON());
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object' && !(v instanceof Date))
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

describe('legitimate analyst SQL from DuckDB’s documented features', () => {
  const tmp = tempDir('atlas-legit-');
  let db: AtlasDb;
  let sandbox: AnalystSandbox;
  beforeAll(async () => {
    db = await AtlasDb.open({ path: path.join(tmp.dir, 'atlas.duckdb') });
    await loadWorkbenchData(db, CORPUS_USAGE_ROWS);
    sandbox = new AnalystSandbox(db, { limits: { defaultTimeoutMs: 20_000 } });
  });
  afterAll(async () => {
    await sandbox.close();
    db.close();
    tmp.cleanup();
  });

  it(`has at least 100 entries, each with DuckDB's answer (${LEGIT_QUERIES.length})`, () => {
    expect(LEGIT_QUERIES.length).toBeGreaterThanOrEqual(100);
    expect(new Set(LEGIT_QUERIES.map((q) => q.name)).size).toBe(LEGIT_QUERIES.length);
    for (const q of LEGIT_QUERIES) expect(answers[q.name], q.name).toBeDefined();
    // most answers are checked value by value, not only by their shape
    expect(LEGIT_QUERIES.filter((q) => !q.shapeOnly && !q.columnsOnly).length).toBeGreaterThanOrEqual(100);
  });

  it.each(LEGIT_QUERIES)('$name', async (q) => {
    const expected = answers[q.name];
    const r = await sandbox.run(q.sql).catch((err: Error & { code?: string }) => {
      throw new Error(`refused (${err.code}): ${err.message}\n${q.sql}`);
    });
    expect(r.table.schema.fields.map((f) => f.name)).toEqual(expected.columns);
    if (q.columnsOnly) return;
    expect(r.table.numRows).toBe(expected.rows);
    if (q.shapeOnly || expected.first === null) return;
    // the first row as the JSON answer reads it (exact-values.ts: every digit, DECIMAL at its scale)
    const first = plain(exactRows(r.table).rows[0]) as Record<string, unknown>;
    for (const [column, value] of Object.entries(expected.first))
      expect(
        sameValue(first[column], value),
        `${column}: ${JSON.stringify(plain(first[column]), (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x))} vs DuckDB ${JSON.stringify(value)}`,
      ).toBe(true);
  });

  it('keeps a temporary macro inside its own query', async () => {
    await sandbox.run(`CREATE TEMP MACRO only_here(x) AS x + 1; SELECT only_here(1) AS y`);
    await expect(sandbox.run(`SELECT only_here(1) AS y`)).rejects.toMatchObject({
      code: 'sql_error',
      message: expect.stringMatching(/only_here does not exist/),
    });
    // and left nothing behind in the snapshot either
    const r = await sandbox.run(`SELECT count(*) AS n FROM duckdb_functions() WHERE function_name = 'only_here'`);
    expect(Number(r.table.get(0)!.toJSON().n)).toBe(0);
  });
});
