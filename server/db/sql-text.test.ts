import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent, quoteString, sqlNumber, stringStruct } from './sql-text.ts';

// Text that breaks naive quoting in one way or another: delimiters, escapes other dialects read, statement and comment
// breaks, parameter markers, Unicode (including a right-to-left override and a four-byte emoji), and a long string.
const HOSTILE = [
  '',
  "'",
  "''",
  "it's",
  "'; DROP TABLE victim; --",
  "' OR '1'='1",
  '"',
  '""',
  '"; DROP TABLE victim; --',
  '\\',
  "\\'",
  "'\\",
  "E'\\n'",
  'a\nb',
  'line\r\nbreak',
  '\ttab',
  '$1',
  '$name',
  '?',
  '$$dollar$$',
  '-- comment',
  '/* comment */',
  ';',
  '省份 数据 ✓ 🧭',
  'right\u202eleft',
  'zero\u200bwidth',
  `${"'".repeat(10_000)}${'"'.repeat(10_000)}${'x'.repeat(1_000_000)}`,
];

let instance: DuckDBInstance;
let con: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  con = await instance.connect();
  await con.run('CREATE TABLE victim (x INTEGER)');
});

afterAll(() => {
  con.closeSync();
  instance.closeSync();
});

async function rows(sql: string, params?: Record<string, string>): Promise<Record<string, unknown>[]> {
  return (await con.runAndReadAll(sql, params)).getRowObjectsJS();
}

describe('quoteString', () => {
  it.each(HOSTILE.map((s) => [s.length > 40 ? `${s.slice(0, 20)}… (${s.length} chars)` : JSON.stringify(s), s]))(
    'reads %s back unchanged',
    async (_label, s) => {
      // Compared inside DuckDB with the same text bound as a parameter, and read back into JavaScript.
      const [r] = await rows(`SELECT ${quoteString(s)} AS v, ${quoteString(s)} = $s AS same`, { s });
      expect(r.same).toBe(true);
      expect(r.v).toBe(s);
    },
  );

  it('keeps a backslash literal: DuckDB reads no escapes in a standard string', async () => {
    const [r] = await rows(`SELECT length(${quoteString('\\n')}) AS n`);
    expect(Number(r.n)).toBe(2);
  });

  it('leaves the database untouched after every hostile literal', async () => {
    expect(await rows(`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = 'victim'`)).toEqual([
      { n: 1 },
    ]);
  });

  it('turns a lone surrogate into U+FFFD, like any text the driver encodes', async () => {
    const [r] = await rows(`SELECT ${quoteString('a\ud800b')} AS v`);
    expect(r.v).toBe('a\ufffdb');
  });

  it('refuses a NUL character, which would cut the statement short', async () => {
    expect(() => quoteString('a\0b')).toThrow(/NUL/);
    // What the refusal prevents: DuckDB sees the statement only up to the NUL.
    await expect(con.run(`SELECT 'a\0b' AS v`)).rejects.toThrow(/unterminated quoted string/);
  });
});

describe('quoteIdent', () => {
  // Identifiers are case-insensitive in DuckDB even when quoted, so the names differ in more than case.
  const names = HOSTILE.filter((s) => s !== '' && s.length < 1000);

  it('creates, fills and reads a table whose name and columns are hostile', async () => {
    const table = quoteIdent('t\'"; DROP TABLE victim; --');
    await con.run(`CREATE TABLE ${table} (${names.map((n) => `${quoteIdent(n)} VARCHAR`).join(', ')})`);
    await con.run(`INSERT INTO ${table} VALUES (${names.map(quoteString).join(', ')})`);
    const result = await con.runAndReadAll(`SELECT ${names.map(quoteIdent).join(', ')} FROM ${table}`);
    expect(result.columnNames()).toEqual(names);
    expect(result.getRowsJS()).toEqual([names]);
    const described = await rows(`SELECT column_name FROM (DESCRIBE ${table})`);
    expect(described.map((r) => r.column_name)).toEqual(names);
    expect(await rows(`SELECT table_name FROM duckdb_tables() ORDER BY 1`)).toEqual([
      { table_name: 't\'"; DROP TABLE victim; --' },
      { table_name: 'victim' },
    ]);
  });

  it('leaves an empty name to DuckDB, which refuses it', async () => {
    await expect(con.run(`SELECT 1 AS ${quoteIdent('')}`)).rejects.toThrow(/zero-length delimited identifier/);
  });

  it('refuses a NUL character', () => {
    expect(() => quoteIdent('a\0b')).toThrow(/NUL/);
  });
});

describe('sqlNumber', () => {
  const values = [
    0,
    1,
    -1,
    1.5,
    -2.75,
    0.1,
    1 / 3,
    1e21,
    -1e-7,
    5e-324,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    Number.MAX_SAFE_INTEGER + 2,
  ];

  it.each(values)('reads %d back as the same DOUBLE', async (n) => {
    const [r] = await rows(`SELECT ${sqlNumber(n)} AS v, typeof(${sqlNumber(n)}) AS t`);
    expect(r).toEqual({ v: n, t: 'DOUBLE' });
  });

  it('keeps a negative number apart from a preceding minus (no -- comment)', async () => {
    const [r] = await rows(`SELECT 1-${sqlNumber(-1)} AS v`);
    expect(r.v).toBe(2);
  });

  it.each([NaN, Infinity, -Infinity])('refuses %d', (n) => {
    expect(() => sqlNumber(n)).toThrow(/not a finite number/);
  });

  it('refuses what is not a number at all', () => {
    expect(() => sqlNumber('1; DROP TABLE victim' as unknown as number)).toThrow(/not a finite number/);
    expect(() => sqlNumber(1n as unknown as number)).toThrow(/not a finite number/);
  });
});

describe('stringStruct', () => {
  it('builds the struct read_csv takes, with hostile names intact', async () => {
    const fields = { "it's": 'VARCHAR', 'a"b': 'INTEGER', 省份: 'DATE' };
    const [r] = await rows(`SELECT ${stringStruct(fields)} AS s`);
    expect(r.s).toEqual(fields);
  });
});
