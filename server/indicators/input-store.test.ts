import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { AtlasDb } from '../db/database.ts';
import { queryRows } from '../db/query.ts';
import { EMPTY_FILTERS } from '../filters.ts';
import { INPUTS_SCHEMA } from '../facts/facts.ts';
import { InputStore } from './input-store.ts';
import { insertSmallFixture } from './test-records.ts';

let db: AtlasDb;
const F = { ...EMPTY_FILTERS, from: '2025-03-01', to: '2026-02-01' };
const cacheTables = () =>
  db.withConnection(async (con) =>
    (
      await queryRows<{ table_name: string }>(
        con,
        `SELECT table_name FROM duckdb_tables() WHERE database_name = '${INPUTS_SCHEMA}' AND table_name LIKE 'inputs%' ORDER BY table_name`,
      )
    ).map((r) => r.table_name),
  );

beforeAll(async () => {
  db = await AtlasDb.open({ path: ':memory:' });
  await db.withConnection((con) => insertSmallFixture(con));
});
afterAll(() => db.close());

describe('InputStore', () => {
  it('computes each (level, filters) once, shares it across connections, evicts the least recently used and clears on new data', async () => {
    const store = new InputStore(db, 2);
    const a = await db.withConnection((con) => store.source(con, 'region', F));
    const again = await db.withConnection((con) => store.source(con, 'region', F));
    expect(again.table).toBe(a.table);
    const rows = await db.withConnection((con) =>
      queryRows(con, `SELECT calls FROM ${a.current} WHERE entity = '330000'`),
    );
    expect(rows).toEqual([{ calls: 450 }]);
    const sector = await db.withConnection((con) => store.source(con, 'sector', F));
    const cell = await db.withConnection((con) => store.source(con, 'cell', F)); // third entry: the region table goes
    expect(await cacheTables()).toEqual([sector.table, cell.table].map((t) => t.split('.')[1]).sort());
    await db.notifyDataChanged();
    expect(await cacheTables()).toEqual([]);
    const b = await db.withConnection((con) => store.source(con, 'region', F));
    expect(b.table).not.toBe(a.table);
  });

  it('computes the previous window only when asked, and serves a current-only request from a table that has both', async () => {
    const store = new InputStore(db, 4);
    const windows = (t: string) =>
      db.withConnection(async (con) =>
        (await queryRows<{ period_key: string }>(con, `SELECT DISTINCT period_key FROM ${t} ORDER BY 1`)).map(
          (r) => r.period_key,
        ),
      );
    const current = await db.withConnection((con) => store.source(con, 'region', F));
    expect(await windows(current.table)).toEqual(['current']);
    const both = await db.withConnection((con) => store.source(con, 'region', F, { previous: true }));
    expect(both.table).not.toBe(current.table);
    expect(await windows(both.table)).toEqual(['current', 'previous']);
    expect((await db.withConnection((con) => store.source(con, 'region', F, { previous: true }))).table).toBe(
      both.table,
    );
    // a cell view first asked with the previous window: a later current-only request reuses it
    const cells = await db.withConnection((con) => store.source(con, 'cell', F, { previous: true }));
    expect((await db.withConnection((con) => store.source(con, 'cell', F))).table).toBe(cells.table);
    await store.clear();
  });

  it('with capacity 0 every call computes its own temporary inputs', async () => {
    const store = new InputStore(db, 0);
    const x = await db.withConnection((con) => store.source(con, 'region', F));
    expect(x.table).toBe('ind_input');
    expect(x.shared).toBe(false);
  });

  it('without reuse every call computes new shared inputs, and only the last `capacity` tables are kept', async () => {
    const store = new InputStore(db, 2, undefined, false);
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await db.withConnection((con) => store.source(con, 'region', F)));
    expect(new Set(made.map((m) => m.table)).size).toBe(3);
    expect(made.every((m) => m.shared)).toBe(true);
    const read = (t: string) =>
      db.withConnection((con) => queryRows(con, `SELECT * FROM ${t} ORDER BY period_key, entity`));
    expect(await read(made[2].table)).toEqual(await read(made[1].table));
    const kept = await cacheTables();
    expect(made.map((m) => kept.includes(m.table.split('.')[1]))).toEqual([false, true, true]);
    await store.clear();
  });
});
