import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { paramNames, paramSpans } from '../../contract/sql-params.ts';
import { startTestServer, type TestServer } from '../test-support/server.ts';
import { withParams } from './params.ts';

describe('named parameters of an analyst statement', () => {
  it('finds $name outside comments, literals, quoted identifiers and dollar quotes', () => {
    const sql = `SELECT $a, '$b', "$c", $$ $d $$, $t$ $e $t$, x$f, $1 -- $g
      /* $h */ FROM t WHERE r = $region AND m >= $from AND r2 = $region AND s = 'it''s $i'`;
    expect(paramNames(sql)).toEqual(['a', 'region', 'from']);
    expect(paramSpans('SELECT $x').map((s) => [s.start, s.end])).toEqual([[7, 9]]);
  });

  it('binds values as string literals, empty ones as NULL, and leaves text without params as it is', () => {
    expect(withParams(`SELECT $a, $b, $c, '$a'`, { a: "O'Brien", b: '' })).toBe(`SELECT 'O''Brien', NULL, NULL, '$a'`);
    expect(withParams('SELECT $a', undefined)).toBe('SELECT $a');
    expect(withParams(42, { a: '1' })).toBe(42);
  });

  describe('over HTTP', () => {
    let server: TestServer;
    beforeAll(async () => (server = await startTestServer()));
    afterAll(() => server.close());

    const post = (path: string, body: unknown) =>
      fetch(`${server.base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });

    it('runs and exports a statement with the values of its parameters', async () => {
      const sql = `SELECT count(*) AS n, $label AS label FROM ref_region WHERE region_code = $region OR $region IS NULL`;
      const one = await post('/api/sql', { sql, params: { region: '330000', label: "a'b" } });
      expect(one.status).toBe(200);
      expect(((await one.json()) as { rows: unknown[] }).rows).toEqual([{ n: 1, label: "a'b" }]);
      const all = await post('/api/sql', { sql, params: { region: '', label: 'x' } });
      expect(((await all.json()) as { rows: { n: number }[] }).rows[0].n).toBeGreaterThan(30);
      const csv = await post('/api/sql/export', { sql, format: 'csv', params: { region: '110000', label: 'x' } });
      expect(
        (await csv.text())
          .replace(/^\uFEFF/, '')
          .trimEnd()
          .split('\r\n'),
      ).toEqual(['n,label', '1,x']);
    });

    it('refuses a value that is not text, naming the field', async () => {
      const res = await post('/api/sql', { sql: 'SELECT $a', params: { a: 1 } });
      expect(res.status).toBe(400);
    });
  });
});
