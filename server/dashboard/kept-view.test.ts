import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AtlasDb } from '../db/database.ts';
import { EMPTY_FILTERS } from '../filters.ts';
import { ingestFile } from '../ingest/pipeline.ts';
import { tempDir } from '../test-support/server.ts';
import { DashboardQueries } from './queries.ts';

// The dashboard's default view is kept in the cache database with the key of the data it was computed from, so a
// restart on unchanged data serves it without computing it again (half a minute at 100M usage rows); any ingest
// changes the key. Real ingests into a database file, closed and opened again as a restart does.

const SAMPLE = path.join(import.meta.dirname, '..', '..', 'sample-data');
const { dir, cleanup } = tempDir('atlas-kept-view-');
const file = path.join(dir, 'atlas.duckdb');
let db: AtlasDb | undefined;

afterAll(() => {
  db?.close();
  cleanup();
});

async function restart(): Promise<{ db: AtlasDb; q: DashboardQueries }> {
  db?.close();
  db = await AtlasDb.open({ path: file });
  return { db, q: new DashboardQueries(db) };
}

const totalCalls = (rows: { period: string; level: string; calls: number }[]) =>
  rows.find((r) => r.period === 'current' && r.level === 'all')!.calls;

describe("the dashboard's default view", () => {
  it('is read back after a restart on the same data, and computed again after an ingest', async () => {
    let { db: d, q } = await restart();
    for (const kind of ['org', 'authorization', 'registration', 'authorization_resource', 'product', 'usage'])
      expect((await ingestFile(d, { kind, path: path.join(SAMPLE, `${kind}.csv`) })).status).toBe('COMMITTED');
    await d.notifyDataChanged();
    const computed = await q.measures(EMPTY_FILTERS);
    expect(q.restored).toBe(0);
    expect(totalCalls(computed)).toBeGreaterThan(0);

    ({ q } = await restart());
    expect(await q.measures(EMPTY_FILTERS)).toEqual(computed);
    expect(q.restored).toBe(1);
    // another filter set is not kept
    await q.measures({ ...EMPTY_FILTERS, sectors: [computed.find((r) => r.sector_code)!.sector_code!] });
    ({ db: d, q } = await restart());
    await q.measures({ ...EMPTY_FILTERS, sectors: [computed.find((r) => r.sector_code)!.sector_code!] });
    expect(q.restored).toBe(0);

    // a correction of every usage row's calls: the kept view is of other data, so it is computed again
    const csv = path.join(dir, 'usage-corrected.csv');
    await d.withConnection((con) =>
      con.run(
        `COPY (SELECT * EXCLUDE (batch_id) REPLACE (calls + 1000 AS calls) FROM usage)
         TO '${csv}' (HEADER, DATE_FORMAT '%Y-%m-%d')`,
      ),
    );
    expect((await ingestFile(d, { kind: 'usage', path: csv })).status).toBe('COMMITTED');
    ({ q } = await restart());
    const after = await q.measures(EMPTY_FILTERS);
    expect(q.restored).toBe(0);
    expect(totalCalls(after)).toBeGreaterThan(totalCalls(computed));
  }, 120_000);
});
