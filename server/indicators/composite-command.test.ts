import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { quoteString } from '../db/sql-text.ts';
import { runAtlas, spawnAtlas } from '../test-support/cli.ts';
import { tempDir } from '../test-support/server.ts';

// `atlas composite` on real CSV and Parquet files: the first test in a child process, as a user runs it (exit code,
// stdout alone holding the CSV), the others in this process through runCli.
const atlas = (...args: string[]) => runAtlas(['composite', ...args]);

describe('atlas composite', () => {
  let tmp: ReturnType<typeof tempDir>;
  const f = (name: string) => path.join(tmp.dir, name);
  beforeAll(async () => {
    tmp = tempDir('atlas-composite-');
    fs.writeFileSync(f('t.csv'), 'region_code,resources,late\n000000,10,0.5\n330000,120,0.1\n110000,80,0.2\n');
    fs.writeFileSync(
      f('spec.json'),
      JSON.stringify({
        id: 'demo',
        entity: 'region_code',
        tree: {
          id: 'idx',
          children: [
            { id: 'res', column: 'resources' },
            { id: 'late', column: 'late', direction: 'lower_is_better', weight: 0.5, normalize: { min: 0, max: 1 } },
          ],
        },
      }),
    );
    const inst = await DuckDBInstance.create(':memory:');
    const con = await inst.connect();
    await con.run(
      `COPY (SELECT * FROM read_csv(${quoteString(f('t.csv'))}, types = {'region_code': 'VARCHAR'})) TO ${quoteString(f('t.parquet'))} (FORMAT parquet)`,
    );
    con.closeSync();
    inst.closeSync();
  });
  afterAll(() => tmp.cleanup());

  it('prints entity,score,rank,<node ids> as CSV, best first, keeping leading zeros', async () => {
    const r = await spawnAtlas(['composite', '--data', f('t.csv'), '--spec', f('spec.json')]);
    expect(r.code).toBe(0);
    // 330000: res 1, late 0.9 → (1 + 0.5·0.9)/1.5; 110000: res 70/110, late 0.8; 000000: res 0, late 0.5
    expect(r.stdout).toBe(
      [
        'entity,score,rank,idx,res,late',
        `330000,${((1 + 0.45) / 1.5).toFixed(4)},1,${((1 + 0.45) / 1.5).toFixed(4)},1.0000,0.9000`,
        `110000,${((70 / 110 + 0.4) / 1.5).toFixed(4)},2,${((70 / 110 + 0.4) / 1.5).toFixed(4)},${(70 / 110).toFixed(4)},0.8000`,
        `000000,${(0.25 / 1.5).toFixed(4)},3,${(0.25 / 1.5).toFixed(4)},0.0000,0.5000`,
        '',
      ].join('\n'),
    );
  });

  it('reads Parquet, prints JSON and adds rank uncertainty', async () => {
    const r = await atlas(
      '--data',
      f('t.parquet'),
      '--spec',
      f('spec.json'),
      '--format',
      'json',
      '--draws',
      '200',
      '--top',
      '1',
    );
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout);
    expect(rows.map((x: { entity: string }) => x.entity)).toEqual(['330000', '110000', '000000']);
    expect(rows[0]).toMatchObject({ rank: 1, median_rank: 1, rank_p05: 1 });
    expect(rows[0].p_top_k).toBeGreaterThan(0.5);
  });

  it('reports spec errors with the file and JSON path, exit 1', async () => {
    fs.writeFileSync(
      f('bad.json'),
      JSON.stringify({
        id: 'demo',
        entity: 'region_code',
        tree: { id: 'idx', children: [{ id: 'x', column: 'nope', weight: -2 }] },
      }),
    );
    const r = await atlas('--data', f('t.csv'), '--spec', f('bad.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${f('bad.json')} is not a valid methodology spec`);
    expect(r.stderr).toContain('tree.children[0].weight: must be zero or more (got -2)');
    expect(r.stderr).toContain(
      'tree.children[0].column: column "nope" is not in the input; available columns: region_code, resources, late',
    );
  });

  it('usage errors exit 2; --help exits 0', async () => {
    expect((await atlas('--data', f('t.csv'))).code).toBe(2);
    expect((await atlas('--data', f('t.csv'), '--spec', f('spec.json'), '--format', 'xml')).code).toBe(2);
    const h = await atlas('--help');
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('Usage: atlas composite');
  });
});
