import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { AtlasDb } from '../db/database.ts';
import { queryRows } from '../db/query.ts';
import { EMPTY_FILTERS } from '../filters.ts';
import { cacheFile, FACT_READERS, FACTS, FactStore, factSql } from './facts.ts';
import { inputParams, inputsSql, resolveWindows, LEVELS } from '../indicators/inputs.ts';
import { insertSmallFixture } from '../indicators/test-records.ts';

let db: AtlasDb;
const factTables = () =>
  db.withConnection(async (con) =>
    (
      await queryRows<{ table_name: string }>(
        con,
        `SELECT table_name FROM duckdb_tables() WHERE database_name = 'atlas_indicator_cache' ORDER BY table_name`,
      )
    ).map((r) => r.table_name),
  );

/** The fact tables an inputs query reads. */
const factTablesIn = (sql: string) => [...sql.matchAll(/atlas_indicator_cache\.(fact_\w+)/g)].map((m) => m[1]).sort();

beforeAll(async () => {
  db = await AtlasDb.open({ path: ':memory:' });
  await db.withConnection((con) => insertSmallFixture(con));
});
afterAll(() => db.close());

describe('indicator facts', () => {
  it.each(FACT_READERS)('%s binds with the facts in front, computed inline', async (name) => {
    await db.withConnection(async (con) => {
      await expect(con.prepare(factSql(name))).resolves.toBeDefined();
    });
  });

  it('give the same inputs materialised as inline, at every level, and follow new data', async () => {
    const store = new FactStore(db);
    const filters = [
      EMPTY_FILTERS,
      { ...EMPTY_FILTERS, from: '2025-03-01', to: '2026-02-01', user_types: ['ENTERPRISE'] },
    ];
    const sameAsInline = () =>
      db.withConnection(async (con) => {
        const sql = inputsSql(await store.tables(con));
        expect(sql).toMatch(/atlas_indicator_cache\.fact_asset\b/);
        for (const f of filters) {
          const windows = await resolveWindows(con, f);
          for (const level of LEVELS) {
            const p = inputParams(level, f, windows, { previous: true });
            const inline = await queryRows(con, inputsSql(), p);
            expect(inline.length).toBeGreaterThan(0);
            expect(await queryRows(con, sql, p)).toEqual(inline);
          }
        }
        return factTablesIn(sql);
      });
    const first = await sameAsInline();
    expect(store.lastSync?.mode).toBe('rebuild');
    expect(await factTables()).toEqual([...first, 'facts_compact', 'facts_meta'].sort());
    // a change notified with the same records: the facts are current as they are
    await db.notifyDataChanged();
    expect(await sameAsInline()).toEqual(first);
    expect(store.lastSync?.mode).toBe('current');
    // records written outside an ingest batch: the facts are rebuilt from them
    await db.withConnection((con) =>
      con.run(`INSERT INTO usage SELECT * REPLACE (usage_id || '-again' AS usage_id, calls + 7 AS calls) FROM usage`),
    );
    await db.notifyDataChanged();
    expect(await sameAsInline()).toEqual(first);
    expect(store.lastSync?.mode).toBe('rebuild');
    // they outlive the store (a server's shutdown): the next start finds them
    await store.clear();
    expect(await factTables()).toEqual([...first, 'facts_compact', 'facts_meta'].sort());
  });

  it('beside a database file, live in a cache file of their own that a restart keeps', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-facts-'));
    const file = path.join(dir, 'atlas.duckdb');
    try {
      for (const round of [1, 2]) {
        const fileDb = await AtlasDb.open({ path: file });
        try {
          const store = new FactStore(fileDb);
          const tables = await store.warm();
          expect(tables, `round ${round}`).not.toBeNull();
          expect(store.lastSync?.mode).toBe(round === 1 ? 'rebuild' : 'current');
          const n = await fileDb.withConnection((con) =>
            queryRows(con, `SELECT count(*) AS n FROM duckdb_tables() WHERE database_name = 'atlas_indicator_cache'`),
          );
          expect(n).toEqual([{ n: FACTS.length + 2 }]);
          expect(fs.existsSync(cacheFile(file))).toBe(true);
          const dbs = await fileDb.withConnection((con) =>
            queryRows(
              con,
              `SELECT database_name, path FROM duckdb_databases() WHERE database_name = 'atlas_indicator_cache'`,
            ),
          );
          expect(dbs).toEqual([{ database_name: 'atlas_indicator_cache', path: cacheFile(file) }]);
        } finally {
          fileDb.close();
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fall back to inline facts where no cache database can be attached', async () => {
    const store = new FactStore(db, false);
    await db.withConnection(async (con) => expect(await store.tables(con)).toBeNull());
  });
});
