import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { AtlasDb } from '../db/database.ts';
import { quoteString } from '../db/sql-text.ts';
import { tempDir } from '../test-support/server.ts';
import { ANALYST_TABLES } from './analyst-tables.ts';
import { AnalystSandbox } from './sandbox.ts';
import { IN_SCOPE, loadScopeFixture, markedRegions, OUT_OF_SCOPE, scopedCounts } from './scope-fixture.ts';

// A scoped analyst (Chongqing and Sichuan) tries to reach other regions' rows with every trick we could think of. Each
// statement must answer only rows of their regions, or an error; the same statement run by a national analyst must
// show other regions' rows (or fail the same way), so every case is one that would leak if scoping were missing.

const SCOPE: string[] = [...IN_SCOPE];
const tmp = tempDir('atlas-scoped-sql-');
let db: AtlasDb;
let sandbox: AnalystSandbox;
/** The snapshot files, for the cases that try to reach them directly. */
const files = { national: '', scoped: '', nationalCatalog: '', scopedCatalog: '' };

type Rows = Record<string, unknown>[];

interface Case {
  name: string;
  sql: string | (() => string);
  /** The scoped reader gets an error matching this instead of rows. */
  scopedError?: RegExp;
  /** What the national reader gets: other regions' rows (default), the same error, or nothing regional. */
  national?: 'leaks' | 'error' | 'no-markers';
  /** Whether the scoped answer must hold rows of the scope (default: when it has no error and national leaks). */
  inScopeRows?: boolean;
  check?: (scoped: Rows, national: Rows) => void | Promise<void>;
}

const notAllowed = /not allowed in the analyst workbench|disabled by configuration|Permission Error|read-only/i;
const missing = /does not exist|not found/i;
const refusedFunction = /\(\) is not available in the analyst workbench/;

const usageRows = (n: number) => `SELECT usage_id FROM usage LIMIT ${n}`;

const CASES: Case[] = [
  // every record table, read plainly
  { name: 'org', sql: 'SELECT * FROM org' },
  { name: 'registration', sql: 'SELECT * FROM registration' },
  { name: 'authorization', sql: 'SELECT * FROM "authorization"' },
  {
    name: 'authorization_resource (region of its authorization)',
    sql: `SELECT 'secret-' || split_part(auth_id, '-', 2) AS m, * FROM authorization_resource`,
  },
  { name: 'product (region of its authorization; orphans national only)', sql: 'SELECT * FROM product' },
  { name: 'usage', sql: 'SELECT * FROM usage' },
  { name: 'rollup_usage_month', sql: `SELECT 'secret-' || provider_region_code AS m, * FROM rollup_usage_month` },
  { name: 'record_history (the old version’s region)', sql: 'SELECT record::VARCHAR AS r FROM record_history' },
  { name: 'ingest_warning (the version’s region)', sql: 'SELECT * FROM ingest_warning' },
  { name: 'ingest_reject (batches within the scope)', sql: 'SELECT * FROM ingest_reject' },
  { name: 'ingest_batch summaries', sql: 'SELECT batch_id, summary::VARCHAR AS s FROM ingest_batch' },
  // "usage" spelled every way
  { name: 'quoted "usage"', sql: 'SELECT usage_id FROM "usage"' },
  { name: 'main.usage', sql: 'SELECT usage_id FROM main.usage' },
  { name: '"main"."usage"', sql: 'SELECT usage_id FROM "main"."usage"' },
  { name: 'upper case USAGE', sql: 'SELECT USAGE_ID FROM USAGE' },
  { name: 'mixed case "Usage"', sql: 'SELECT usage_id FROM Main."Usage"' },
  { name: 'a comment inside the name’s place', sql: 'SELECT usage_id FROM/**/usage--x' },
  { name: 'FROM-first', sql: 'FROM usage SELECT usage_id' },
  { name: 'bare FROM', sql: 'FROM usage' },
  // every snapshot's database is called "atlas" (hidden-open.ts): a catalog name can only mean the reader's own
  {
    name: 'catalog-qualified by the snapshot’s own name',
    sql: () => `SELECT usage_id FROM "${files.scopedCatalog}".main.usage`,
    inScopeRows: true,
  },
  {
    name: 'catalog-qualified by the national snapshot’s name',
    sql: () => `SELECT usage_id FROM "${files.nationalCatalog}".main.usage`,
    inScopeRows: true,
  },
  // table functions
  // they run SQL built from strings, which the sandbox's checks never see (plan-check.ts)
  {
    name: 'query_table',
    sql: `SELECT usage_id FROM query_table('usage')`,
    national: 'error',
    scopedError: refusedFunction,
  },
  {
    name: 'query_table over a list',
    sql: `SELECT * FROM query_table(['org', 'org'])`,
    national: 'error',
    scopedError: refusedFunction,
  },
  {
    name: 'query()',
    sql: `SELECT * FROM query('SELECT name FROM org')`,
    national: 'error',
    scopedError: refusedFunction,
  },
  // joins, subqueries, CTEs
  {
    name: 'join usage to product',
    sql: 'SELECT u.usage_id, p.product_name FROM usage u JOIN product p USING (product_id)',
  },
  {
    name: 'full outer join on region',
    sql: 'SELECT o.name, r.data_name FROM org o FULL OUTER JOIN registration r ON o.region_code = r.region_code',
  },
  { name: 'cross join with range', sql: 'SELECT name FROM range(2) r, org' },
  { name: 'scalar subquery', sql: `SELECT (SELECT string_agg(name, ',') FROM org) AS all_names` },
  { name: 'IN subquery', sql: 'SELECT * FROM org WHERE org_id IN (SELECT registrant_org_id FROM registration)' },
  {
    name: 'EXISTS',
    sql: 'SELECT data_name FROM registration r WHERE EXISTS (SELECT 1 FROM org o WHERE o.org_id = r.registrant_org_id)',
  },
  { name: 'LATERAL', sql: 'SELECT x.* FROM org, LATERAL (SELECT name) x' },
  { name: 'CTE', sql: 'WITH x AS (SELECT * FROM usage) SELECT usage_id FROM x' },
  { name: 'materialized CTE', sql: 'WITH x AS MATERIALIZED (SELECT name FROM org) SELECT * FROM x, x y LIMIT 500' },
  {
    name: 'recursive CTE walking usage by offset',
    sql: `WITH RECURSIVE r(n, id) AS (SELECT 0, NULL::VARCHAR UNION ALL
      SELECT n + 1, (SELECT min(u.usage_id) FROM usage u WHERE u.usage_id > coalesce(r.id, '')) FROM r WHERE n < 200)
      SELECT id FROM r WHERE id IS NOT NULL`,
  },
  { name: 'UNION ALL of every text', sql: 'SELECT name FROM org UNION ALL SELECT data_name FROM registration' },
  {
    name: 'ASOF join',
    sql: 'SELECT u.usage_id FROM usage u ASOF JOIN usage v ON u.provider_region_code = v.provider_region_code AND u.period_month >= v.period_month',
  },
  // filters that name other regions
  {
    name: 'WHERE another region',
    sql: `SELECT * FROM usage WHERE provider_region_code IN ('110000', '330000', '440000')`,
    inScopeRows: false,
  },
  { name: 'OR true', sql: `SELECT name FROM org WHERE region_code = '440000' OR true` },
  {
    name: 'LIKE another region’s marker',
    sql: `SELECT usage_id FROM usage WHERE usage_id LIKE 'secret-440000%'`,
    inScopeRows: false,
  },
  {
    name: 'top-N favouring another region',
    sql: `SELECT name FROM org ORDER BY region_code = '440000' DESC, name LIMIT 3`,
  },
  // aggregates, windows, reshaping
  { name: 'list()', sql: 'SELECT list(name) AS l FROM org' },
  { name: 'string_agg in a window', sql: `SELECT string_agg(usage_id, ',') OVER () AS s FROM usage LIMIT 1` },
  { name: 'QUALIFY', sql: 'SELECT usage_id FROM usage QUALIFY row_number() OVER (ORDER BY usage_id) > 0' },
  {
    name: 'GROUP BY ROLLUP',
    sql: `SELECT 'secret-' || provider_region_code AS m, count(*) FROM usage GROUP BY ROLLUP (provider_region_code)`,
  },
  { name: 'SUMMARIZE a table (min and max)', sql: 'SUMMARIZE org' },
  { name: 'SUMMARIZE a query', sql: 'SUMMARIZE SELECT usage_id FROM usage' },
  {
    name: 'PIVOT over every region',
    sql: `PIVOT (SELECT provider_region_code AS r, usage_id FROM usage) ON r IN ('110000', '330000', '440000', '500000', '510000') USING max(usage_id)`,
  },
  { name: 'UNPIVOT', sql: 'UNPIVOT (SELECT name, region_code FROM org) ON name INTO NAME k VALUE v' },
  { name: 'USING SAMPLE 100%', sql: 'SELECT usage_id FROM usage USING SAMPLE 100%' },
  { name: 'derived table with a LIMIT', sql: `SELECT * FROM (${usageRows(1000)})` },
  // the catalog
  {
    name: 'duckdb_tables() row estimates are the scope’s',
    sql: 'SELECT table_name, estimated_size FROM duckdb_tables()',
    national: 'no-markers',
    check: async (scoped, national) => {
      const want = await scopedCounts(db, SCOPE);
      const size = (rows: Rows, t: string) => Number(rows.find((r) => r.table_name === t)?.estimated_size);
      for (const [t, n] of Object.entries(want)) expect(size(scoped, t), t).toBe(n);
      expect(size(national, 'usage')).toBeGreaterThan(size(scoped, 'usage'));
    },
  },
  {
    name: 'information_schema.tables lists the analyst tables only',
    sql: 'SELECT table_name FROM information_schema.tables',
    national: 'no-markers',
    check: (scoped, national) => {
      for (const rows of [scoped, national])
        expect(rows.map((r) => r.table_name).sort()).toEqual([...ANALYST_TABLES].sort());
    },
  },
  {
    name: 'duckdb_columns() lists the analyst tables only',
    sql: 'SELECT DISTINCT table_name FROM duckdb_columns() WHERE NOT internal',
    national: 'no-markers',
    check: (scoped) => expect(scoped.map((r) => r.table_name).sort()).toEqual([...ANALYST_TABLES].sort()),
  },
  {
    name: 'no view, macro or sequence of the main database',
    sql: `SELECT function_name AS n FROM duckdb_functions() WHERE NOT internal AND function_type IN ('macro', 'table_macro')
      UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal
      UNION ALL SELECT sequence_name FROM duckdb_sequences()`,
    national: 'no-markers',
    check: (scoped, national) => {
      expect(scoped).toEqual([]);
      expect(national).toEqual([]);
    },
  },
  {
    // statistics keep the first 8 bytes of a text: "secret-1…" is Beijing's, "secret-5…" Chongqing's or Sichuan's
    name: 'pragma_storage_info: column statistics (min/max text) of the stored segments',
    sql: `SELECT column_name, stats FROM pragma_storage_info('org')`,
    national: 'no-markers',
    check: (scoped, national) => {
      const firsts = (rows: Rows) => new Set([...text(rows).matchAll(/secret-(\d)/g)].map((m) => m[1]));
      expect([...firsts(scoped)]).toEqual(['5']);
      expect([...firsts(national)].sort()).toEqual(['1', '5']);
    },
  },
  {
    name: 'duckdb_databases() is refused: it would show the snapshot’s path',
    sql: 'SELECT path FROM duckdb_databases()',
    national: 'error',
    scopedError: refusedFunction,
  },
  { name: 'EXPLAIN ANALYZE runs the read', sql: 'EXPLAIN ANALYZE SELECT usage_id FROM usage', national: 'no-markers' },
  // private tables and objects of the main database
  { name: 'saved_query', sql: 'SELECT * FROM saved_query', national: 'error', scopedError: missing },
  { name: 'a private table', sql: 'SELECT * FROM account_secret', national: 'error', scopedError: missing },
  { name: 'a table of another schema', sql: 'SELECT * FROM accounts.tokens', national: 'error', scopedError: missing },
  { name: 'a view', sql: 'SELECT * FROM v_secret', national: 'error', scopedError: missing },
  { name: 'a macro', sql: 'SELECT m_secret() AS m', national: 'error', scopedError: missing },
  { name: 'a table macro', sql: 'SELECT * FROM tm_secret()', national: 'error', scopedError: missing },
  // macros, files, attaching
  {
    name: 'CREATE TEMP MACRO over usage',
    sql: 'CREATE TEMP MACRO everything() AS TABLE SELECT * FROM usage',
    national: 'error',
    scopedError: notAllowed,
  },
  {
    name: 'glob over the snapshot folder',
    sql: () => `SELECT * FROM glob(${quoteString(path.join(path.dirname(files.national), '*'))})`,
    national: 'error',
    scopedError: notAllowed,
  },
  {
    name: 'read_blob of every snapshot by pattern',
    sql: () => `SELECT * FROM read_blob(${quoteString(path.join(path.dirname(files.national), '*.duckdb'))})`,
    national: 'error',
    scopedError: notAllowed,
  },
  {
    name: 'replacement scan of the national snapshot',
    sql: () => `SELECT * FROM ${quoteString(files.national)}`,
    national: 'error',
    scopedError: notAllowed,
  },
  {
    name: 'ATTACH the national snapshot',
    sql: () => `ATTACH ${quoteString(files.national)} AS n (READ_ONLY)`,
    national: 'error',
    scopedError: notAllowed,
  },
  {
    name: 'ATTACH the main database',
    sql: () => `ATTACH ${quoteString(db.path)} AS m (READ_ONLY)`,
    national: 'error',
    scopedError: notAllowed,
  },
  {
    name: 'COPY usage to a file',
    sql: `COPY usage TO '${path.join(tmp.dir, 'out.csv')}'`,
    national: 'error',
    scopedError: notAllowed,
  },
  { name: 'SET a setting back', sql: `SET enable_external_access = true`, national: 'error', scopedError: notAllowed },
];

function text(rows: Rows): string {
  return JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

async function run(sql: string, scope: string[] | null): Promise<{ rows: Rows } | { error: string }> {
  try {
    const r = await sandbox.run(sql, { scope, limit: 100_000 });
    return { rows: r.table.toArray().map((row: { toJSON(): Record<string, unknown> }) => row.toJSON()) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

describe('a scoped analyst’s SQL sees only the rows of their regions', () => {
  beforeAll(async () => {
    db = await AtlasDb.open({ path: path.join(tmp.dir, 'atlas.duckdb') });
    await loadScopeFixture(db);
    // what accounts, tokens and the like would leave in the main database
    await db.writes.run(() =>
      db.withConnection(async (con) => {
        // enough rows that the main file holds them verbatim, so a copy of its bytes would hand them out
        await con.run(
          `CREATE TABLE account_secret AS SELECT 'PRIVATE-password-hash-' || i || '-' || md5(i::VARCHAR) AS hash FROM range(5000) t(i)`,
        );
        await con.run('CREATE SCHEMA accounts');
        await con.run(`CREATE TABLE accounts.tokens AS SELECT 'secret-330000 token' AS token`);
        await con.run(`CREATE VIEW v_secret AS SELECT * FROM account_secret`);
        await con.run(`CREATE MACRO m_secret() AS 'secret-330000 macro'`);
        await con.run(`CREATE MACRO tm_secret() AS TABLE SELECT * FROM account_secret`);
        await con.run('CREATE SEQUENCE seq_secret');
        await con.run(
          `INSERT INTO saved_query (id, title, description, sql, created_at, updated_at) SELECT i, 'mine ' || i, NULL, 'SELECT ''PRIVATE-saved-' || md5(i::VARCHAR) || '''', now(), now() FROM range(2000) t(i)`,
        );
      }),
    );
    await db.notifyDataChanged();
    sandbox = new AnalystSandbox(db, { limits: { defaultTimeoutMs: 20_000 } });
    const national = await sandbox.snapshots.acquire(null);
    const scoped = await sandbox.snapshots.acquire(SCOPE);
    files.national = national.file;
    files.scoped = scoped.file;
    national.release();
    scoped.release();
    const catalog = async (scope: string[] | null) => {
      const r = await run('SELECT current_database() AS d', scope);
      if ('error' in r) throw new Error(r.error);
      return String(r.rows[0].d);
    };
    files.nationalCatalog = await catalog(null);
    files.scopedCatalog = await catalog(SCOPE);
  });
  afterAll(async () => {
    await sandbox?.close();
    db.close();
    tmp.cleanup();
  });

  it('has more than 40 cases', () => {
    expect(CASES.length).toBeGreaterThan(40);
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const sql = typeof c.sql === 'function' ? c.sql() : c.sql;
      const scoped = await run(sql, SCOPE);
      const national = await run(sql, null);
      if (c.scopedError) {
        expect('error' in scoped ? scoped.error : text(scoped.rows)).toMatch(c.scopedError);
      } else {
        if ('error' in scoped) throw new Error(`the scoped reader got an error: ${scoped.error}`);
        const seen = markedRegions(text(scoped.rows));
        const outside = [...seen].filter((r) => !SCOPE.includes(r));
        expect(outside, `rows of other regions reached the scoped reader: ${text(scoped.rows).slice(0, 400)}`).toEqual(
          [],
        );
        const want = c.inScopeRows ?? (c.national ?? 'leaks') === 'leaks';
        if (want) expect(seen.size, 'no row of the scope came back').toBeGreaterThan(0);
      }
      const mode = c.national ?? 'leaks';
      if (mode === 'error') expect('error' in national, text('rows' in national ? national.rows : [])).toBe(true);
      else {
        if ('error' in national) throw new Error(`the national reader got an error: ${national.error}`);
        const seen = markedRegions(text(national.rows));
        if (mode === 'leaks')
          expect(
            OUT_OF_SCOPE.some((r) => seen.has(r)),
            'the national reader should see other regions',
          ).toBe(true);
        else expect([...seen].filter((r) => !SCOPE.includes(r))).toEqual([]);
      }
      if (c.check && 'rows' in scoped && 'rows' in national) await c.check(scoped.rows, national.rows);
    });
  }

  it('keeps the rows of the scope: every in-scope row of every table, and nothing else', async () => {
    const want = await scopedCounts(db, SCOPE);
    for (const [table, n] of Object.entries(want)) {
      const r = await run(`SELECT count(*) AS n FROM "${table}"`, SCOPE);
      expect('rows' in r && Number(r.rows[0].n), table).toBe(n);
    }
    const counts = async (sql: string) => {
      const r = await run(sql, SCOPE);
      if ('error' in r) throw new Error(r.error);
      return r.rows;
    };
    // rejects of the batches loaded within the scope (3: Sichuan, 7: Chongqing and Sichuan), two each
    expect(await counts('SELECT batch_id, count(*) AS n FROM ingest_reject GROUP BY ALL ORDER BY 1')).toEqual([
      { batch_id: 3, n: 2n },
      { batch_id: 7, n: 2n },
    ]);
    // every batch's metadata, summaries only where the rejects are visible
    expect(
      await counts('SELECT batch_id, summary IS NOT NULL AS has_summary, rows_read FROM ingest_batch ORDER BY 1'),
    ).toEqual([1, 2, 3, 4, 5, 6, 7].map((id) => ({ batch_id: id, has_summary: id === 3 || id === 7, rows_read: 10n })));
    // the live version of the record that moved is visible with its warning; its Guangdong past is not
    expect(
      await counts(`SELECT batch_id, message FROM ingest_warning WHERE record_key = 'ORG-510000-3' ORDER BY batch_id`),
    ).toEqual([{ batch_id: 2, message: 'secret-510000 live warning' }]);
    expect(await counts(`SELECT count(*) AS n FROM record_history WHERE record_key = 'ORG-510000-3'`)).toEqual([
      { n: 0n },
    ]);
    expect(await counts(`SELECT count(*) AS n FROM ref_region`)).toEqual([{ n: 33n }]);
  });

  it('lets no reader read the bytes of any snapshot file, its own included', async () => {
    // the main file holds the private rows verbatim, and a copy of it keeps what was dropped in its free blocks
    expect(fs.readFileSync(db.path).includes('PRIVATE-')).toBe(true);
    for (const scope of [null, SCOPE]) {
      // DuckDB allows a sandbox its own database file: the path it opened (open-*/atlas.duckdb beside the snapshots,
      // relative to the worker's folder), which no longer names anything
      const dir = path.dirname(files.national);
      const opened = fs.readdirSync(dir).filter((f) => f.startsWith('open-'));
      expect(opened.length).toBeGreaterThan(0);
      const own = opened.flatMap((f) => [path.join(dir, f, 'atlas.duckdb'), `${f}/atlas.duckdb`]);
      for (const file of [...own, files.national, files.scoped]) {
        for (const fn of ['read_blob', 'read_text']) {
          const r = await run(`SELECT * FROM ${fn}(${quoteString(file)})`, scope);
          if ('rows' in r) expect(r.rows, `${fn} ${file}`).toEqual([]);
          else expect(r.error).toMatch(new RegExp(`${notAllowed.source}|${refusedFunction.source}`, 'i'));
        }
      }
    }
  });

  it('writes no row of another region into the scope’s snapshot file', async () => {
    // the file itself, opened with full access outside the sandbox: every value of every table
    const instance = await DuckDBInstance.create(files.scoped, { access_mode: 'READ_ONLY' });
    const con = await instance.connect();
    try {
      const tables = (await con.runAndReadAll('SELECT table_name FROM duckdb_tables()'))
        .getRowObjectsJS()
        .map((r) => String(r.table_name));
      expect(tables.sort()).toEqual([...ANALYST_TABLES].sort());
      const seen = new Set<string>();
      for (const t of tables) {
        const rows = (await con.runAndReadAll(`SELECT * FROM "${t}"`)).getRowObjectsJson();
        for (const r of markedRegions(JSON.stringify(rows))) seen.add(r);
      }
      expect([...seen].sort()).toEqual(SCOPE);
    } finally {
      con.closeSync();
      instance.closeSync();
    }
    // and its bytes: the national snapshot holds other regions' markers verbatim, the scope's does not
    const bytes = (f: string) => markedRegions(fs.readFileSync(f).toString('latin1'));
    expect(OUT_OF_SCOPE.some((r) => bytes(files.national).has(r))).toBe(true);
    expect([...bytes(files.scoped)].filter((r) => !SCOPE.includes(r))).toEqual([]);
  });
});
