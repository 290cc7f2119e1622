// The Parquet lake (issue 25): `atlas export --lake` writes the record tables partitioned by month and region, plain
// DuckDB reads them back with views.sql and a query of queries/, and `atlas import --lake` loads the lake into an empty
// database with the same records, rollup included.
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSampleData } from '../../api/sample-bootstrap.ts';
import { AtlasDb } from '../../db/database.ts';
import { queryRows } from '../../db/query.ts';
import { sqlFile } from '../../db/sql-files.ts';
import { quoteString } from '../../db/sql-text.ts';
import { INGEST_ORDER, KINDS } from '../kinds.ts';
import { createLogger } from '../../log.ts';
import { runAtlas } from '../../test-support/cli.ts';
import { tempDir } from '../../test-support/server.ts';
import { MANIFEST, readManifest } from './lake.ts';

const tmp = tempDir('atlas-lake-');
const source = path.join(tmp.dir, 'source.duckdb');
const copy = path.join(tmp.dir, 'copy.duckdb');
const lake = path.join(tmp.dir, 'lake');

beforeAll(async () => {
  const db = await AtlasDb.open({ path: source });
  await loadSampleData(db, createLogger('silent'), { scale: 0.05 });
  db.close();
}, 180_000);
afterAll(() => tmp.cleanup());

/** A table's records (the kind's columns, no lineage) in a canonical order, as text. */
async function records(file: string, kind: (typeof INGEST_ORDER)[number]) {
  const db = await AtlasDb.open({ path: file, readOnly: true });
  try {
    const cols = KINDS[kind].columns.map((c) => `CAST("${c.name}" AS VARCHAR) AS "${c.name}"`).join(', ');
    return await db.withConnection((con) => queryRows(con, `SELECT ${cols} FROM ${KINDS[kind].tableSql} ORDER BY ALL`));
  } finally {
    db.close();
  }
}

describe('atlas export --lake and atlas import --lake', () => {
  it('write usage by month and region, the other tables by region or whole, and a manifest', async () => {
    const run = await runAtlas(['export', '--lake', lake], { ATLAS_DB: source });
    expect(run.code, run.stderr).toBe(0);
    const manifest = readManifest(lake);
    expect(JSON.parse(run.stdout)).toEqual(manifest);
    expect(manifest.tables.map((t) => t.table)).toEqual(INGEST_ORDER);
    const usage = manifest.tables.find((t) => t.table === 'usage')!;
    expect(usage.partition_by).toEqual(['month', 'region']);
    expect(usage.rows).toBeGreaterThan(1000);
    const months = fs.readdirSync(path.join(lake, 'usage')).filter((d) => /^month=\d{4}-\d{2}$/.test(d));
    expect(months.length).toBeGreaterThan(6);
    expect(fs.readdirSync(path.join(lake, 'usage', months[0])).every((d) => /^region=\d{6}$/.test(d))).toBe(true);
    expect(fs.existsSync(path.join(lake, 'product', 'data_0.parquet'))).toBe(true);
    // a second export into the same folder is refused rather than mixed with the first
    const again = await runAtlas(['export', '--lake', lake], { ATLAS_DB: source });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/not empty/);
    expect(fs.existsSync(path.join(lake, MANIFEST))).toBe(true);
  });

  it('are read by plain DuckDB with views.sql and the queries of queries/', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const con = await instance.connect();
    try {
      await con.run(`SET file_search_path = ${quoteString(lake)}`);
      for (const stmt of fs
        .readFileSync(path.join(lake, 'views.sql'), 'utf8')
        .split(';\n')
        .filter((s) => /CREATE/.test(s)))
        await con.run(stmt);
      // every saved query of queries/saved/ without parameters answers the same on the lake as on its database
      let compared = 0;
      const dir = path.join(import.meta.dirname, '..', '..', '..', 'queries', 'saved');
      const db = await AtlasDb.open({ path: source, readOnly: true });
      try {
        for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.sql'))) {
          const sql = `SELECT * FROM (${sqlFile(`saved/${name.replace(/\.sql$/, '')}`).replace(/;\s*$/, '')}) ORDER BY ALL`;
          if (/\$[a-z_]/.test(sql)) continue;
          const fromLake = (await con.runAndReadAll(sql)).getRowObjectsJson();
          if (fromLake.length > 0) compared++;
          const inSource = await db.withConnection(async (c) => (await c.runAndReadAll(sql)).getRowObjectsJson());
          expect(fromLake, name).toEqual(inSource);
        }
      } finally {
        db.close();
      }
      // small sample data leave a query or two without rows; most must have some
      expect(compared).toBeGreaterThanOrEqual(5);
    } finally {
      con.closeSync();
      instance.closeSync();
    }
  });

  it('load back into an empty database with the same records and rollup', async () => {
    const run = await runAtlas(['import', '--lake', lake], { ATLAS_DB: copy });
    expect(run.code, run.stderr).toBe(0);
    const summaries = JSON.parse(run.stdout) as { kind: string; status: string; rejected: number }[];
    expect(summaries.map((s) => [s.kind, s.status, s.rejected])).toEqual(INGEST_ORDER.map((k) => [k, 'COMMITTED', 0]));
    for (const kind of INGEST_ORDER) expect(await records(copy, kind), kind).toEqual(await records(source, kind));
    const rollup = async (file: string) => {
      const db = await AtlasDb.open({ path: file, readOnly: true });
      try {
        return await db.withConnection((c) => queryRows(c, 'SELECT * FROM rollup_usage_month ORDER BY ALL'));
      } finally {
        db.close();
      }
    };
    expect(await rollup(copy)).toEqual(await rollup(source));
  }, 180_000);
});
