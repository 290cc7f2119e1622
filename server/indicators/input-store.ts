import type { DuckDBConnection } from '@duckdb/node-api';
import type { AtlasDb } from '../db/database.ts';
import { execute } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import type { Filters } from '../filters.ts';
import { currentPanel, inputParams, materializeInputs, resolveWindows, type InputOptions, type Inputs, type InputSource, type Level } from './inputs.ts';

const SCHEMA = 'atlas_indicator_cache';

/**
 * Indicator inputs kept between requests: each (level, filters, windows wanted, data version) is computed once into a
 * table of an in-memory database attached to the instance (visible to every connection, never written to the
 * database file), so moving a weight slider re-scores without re-reading the record tables. Least recently used
 * tables are dropped beyond `capacity`; a new ingest batch drops them all. Without an attachable instance (read-only
 * database) or with capacity 0, every request computes its own inputs.
 */
export class InputStore {
  private attached: Promise<boolean> | null = null;
  private entries = new Map<string, Promise<Inputs>>();
  private seq = 0;

  constructor(private db: AtlasDb, private capacity = 32) {
    db.onDataChanged(() => this.clear());
  }

  readonly source: InputSource = async (con, level, f, opts = {}) => {
    if (this.capacity <= 0 || !(await this.attach(con))) return materializeInputs(con, level, f, opts);
    const key = JSON.stringify([this.db.dataVersion, level, f, !!opts.previous, opts.minShareBase ?? null]);
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const p = this.build(con, level, f, opts);
    this.entries.set(key, p);
    p.catch(() => this.entries.delete(key));
    await this.evict();
    return p;
  };

  private async build(con: DuckDBConnection, level: Level, f: Filters, opts: InputOptions): Promise<Inputs> {
    const windows = await resolveWindows(con, f);
    const table = `${SCHEMA}.inputs_${++this.seq}`;
    await execute(con, `CREATE TABLE ${table} AS ${sqlFile('indicators/inputs')}`, inputParams(level, f, windows, opts));
    return { windows, table, current: currentPanel(table) };
  }

  private attach(con: DuckDBConnection): Promise<boolean> {
    this.attached ??= con.run(`ATTACH IF NOT EXISTS ':memory:' AS ${SCHEMA}`).then(() => true, () => false);
    return this.attached;
  }

  private async evict(): Promise<void> {
    while (this.entries.size > this.capacity) {
      const [key, p] = this.entries.entries().next().value!;
      this.entries.delete(key);
      await this.drop(p);
    }
  }

  private async drop(p: Promise<Inputs>): Promise<void> {
    const inputs = await p.catch(() => null);
    if (inputs) await this.db.withConnection((con) => con.run(`DROP TABLE IF EXISTS ${inputs.table}`)).catch(() => undefined);
  }

  async clear(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    for (const p of all) await this.drop(p);
  }
}
