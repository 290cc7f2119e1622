import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import os from 'node:os';
import { errorPosition, redactPaths } from './sql-error.ts';
import { explainedStatement } from './statement.ts';
import { maskLiterals, splitStatements } from './statement-split.ts';

describe('where DuckDB points, from its own messages', () => {
  let inst: DuckDBInstance;
  let con: DuckDBConnection;
  beforeAll(async () => {
    inst = await DuckDBInstance.create(':memory:');
    con = await inst.connect();
    await con.run('CREATE TABLE t (a INTEGER, 名称 VARCHAR)');
  });
  afterAll(() => {
    con.closeSync();
    inst.closeSync();
  });

  const messageOf = async (sql: string) => {
    try {
      await con.prepare(sql);
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error('expected an error');
  };

  it('finds the column on a long line that DuckDB shows shortened with "..."', async () => {
    const sql = `SELECT ${Array.from({ length: 40 }, (_, i) => `a AS c${i}`).join(', ')}, nope FROM t`;
    const message = await messageOf(sql);
    expect(message).toMatch(/LINE 1: \.\.\./);
    expect(errorPosition(message, sql)).toEqual({ line: 1, column: sql.indexOf('nope') + 1 });
  });

  it('counts wide characters as one column though DuckDB draws them two wide', async () => {
    const sql = "SELECT 名称, '数据数据' AS x, nope FROM t";
    expect(errorPosition(await messageOf(sql), sql)).toEqual({ line: 1, column: sql.indexOf('nope') + 1 });
  });

  it('works on later lines and returns null without a caret', async () => {
    const sql = 'SELECT a,\n\n   nope\nFROM t';
    expect(errorPosition(await messageOf(sql), sql)).toEqual({ line: 3, column: 4 });
    expect(errorPosition('Catalog Error: Table with name x does not exist!', 'SELECT * FROM x')).toBeNull();
  });
});

describe('the statement behind EXPLAIN', () => {
  it('is what follows EXPLAIN or EXPLAIN ANALYZE, after leading comments', () => {
    expect(explainedStatement('EXPLAIN SELECT 1')).toBe('SELECT 1');
    expect(explainedStatement('  -- why\n/* plan */ explain analyse\n DELETE FROM t')).toBe('DELETE FROM t');
  });

  it('is refused (null) when a comment stands between the keywords and the statement', () => {
    expect(explainedStatement('EXPLAIN /* x */ ANALYZE DELETE FROM t')).toBeNull();
    expect(explainedStatement('EXPLAIN -- x\nSELECT 1')).toBeNull();
    expect(explainedStatement('SELECT 1')).toBeNull();
  });
});

describe('the statements an analyst wrote', () => {
  it('splits at semicolons outside strings, quoted names, dollar quotes and comments', () => {
    expect(splitStatements('CREATE TEMP MACRO f(x) AS x; SELECT f(1);')).toEqual([
      'CREATE TEMP MACRO f(x) AS x',
      ' SELECT f(1)',
    ]);
    expect(
      splitStatements(`SELECT 'a;b', "c;d", $$e;f$$, $t$g;h$t$, E'i\\';j' -- k;\n/* l; /* m; */ n; */ FROM t`),
    ).toHaveLength(1);
    expect(splitStatements('SELECT 1; -- only a comment\n;  ;')).toEqual(['SELECT 1']);
    expect(splitStatements('SELECT $1; SELECT 2')).toEqual(['SELECT $1', ' SELECT 2']);
  });

  it('masks comments and literals but keeps names', () => {
    const sql = `SELECT 'query(' AS "query" -- query(\nFROM t`;
    const masked = maskLiterals(sql);
    expect(masked).toHaveLength(sql.length);
    expect(masked.replace(/\s+/g, ' ')).toBe('SELECT AS "query" FROM t');
    expect(maskLiterals(sql, false).replace(/\s+/g, ' ')).toBe('SELECT AS FROM t');
  });
});

describe('messages an analyst sees', () => {
  it('name no path of the server, but the paths the analyst wrote', () => {
    const home = os.homedir();
    expect(redactPaths(`IO Error: cannot write "/srv/data/atlas.analyst/x.tmp" for ${home}/y`, 'SELECT 1')).toBe(
      'IO Error: cannot write "<path>" for <path>',
    );
    expect(redactPaths('spill to open-81931c26-3b5a90de08c9/atlas.duckdb.tmp/b.block failed', 'SELECT 1')).toBe(
      'spill to <path> failed',
    );
    const sql = `SELECT * FROM read_csv('/etc/passwd')`;
    expect(redactPaths('Permission Error: Cannot access file "/etc/passwd"; ratio 1/2 in Etc/UTC', sql)).toBe(
      'Permission Error: Cannot access file "/etc/passwd"; ratio 1/2 in Etc/UTC',
    );
    expect(redactPaths(`cannot read ${home}`, 'SELECT 1')).not.toContain(home);
  });
});
