import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { rankUncertainty, scoreComposite, specForInput } from './engine.ts';
import { SpecError } from './spec.ts';

// Hand-computed fixtures. Table t:        a    b     c
//                                     A   1   10     4
//                                     B   2   20  NULL
//                                     C   3   20     1
//                                     D   5   40     9
// min-max a: 0, .25, .5, 1 · min-max b: 0, 1/3, 1/3, 1 · min-max c (observed 1..9): .375, –, 0, 1
// b: mean 22.5, population sd sqrt(118.75) = 10.8972…
let inst: DuckDBInstance;
let con: DuckDBConnection;
const T = 't';

beforeAll(async () => {
  inst = await DuckDBInstance.create(':memory:');
  con = await inst.connect();
  await con.run(
    `CREATE TABLE t AS SELECT * FROM (VALUES ('A', 1, 10, 4), ('B', 2, 20, NULL), ('C', 3, 20, 1), ('D', 5, 40, 9)) v(e, a, b, c)`,
  );
  await con.run(
    `CREATE TABLE p AS SELECT * FROM (VALUES ('now', 'A', 1), ('now', 'B', 3), ('before', 'A', 5), ('before', 'B', 2)) v(period, e, x)`,
  );
});
afterAll(() => {
  con.closeSync();
  inst.closeSync();
});

async function score(doc: object, relation = T, opts: { contributions?: boolean; partition?: string } = {}) {
  const spec = await specForInput(con, { id: 'x', entity: 'e', ...doc }, relation);
  const rows = await scoreComposite(
    con,
    spec,
    { relation, partition: opts.partition },
    { contributions: opts.contributions },
  );
  return Object.fromEntries(
    rows.map((r) => [String(opts.partition ? `${r[opts.partition]}/${r.entity}` : r.entity), r]),
  );
}
const leaf = (column: string, extra: object = {}) => ({ tree: { id: 'root', column, ...extra } });
const scores = (rows: Record<string, Record<string, unknown>>, col = 'score') =>
  Object.fromEntries(
    Object.entries(rows).map(([k, r]) => [k, r[col] === null ? null : Math.round(Number(r[col]) * 1e6) / 1e6]),
  );

describe('normalisation', () => {
  it('min-max on the observed range', async () => {
    expect(scores(await score(leaf('a')))).toEqual({ A: 0, B: 0.25, C: 0.5, D: 1 });
  });
  it('min-max with goalposts clamps by default', async () => {
    expect(scores(await score(leaf('a', { normalize: { method: 'minmax', min: 2, max: 4 } })))).toEqual({
      A: 0,
      B: 0,
      C: 0.5,
      D: 1,
    });
  });
  it('min-max with goalposts and clamp false extrapolates', async () => {
    expect(scores(await score(leaf('a', { normalize: { method: 'minmax', min: 2, max: 4, clamp: false } })))).toEqual({
      A: -0.5,
      B: 0,
      C: 0.5,
      D: 1.5,
    });
  });
  it('z-score with the population standard deviation', async () => {
    const sd = Math.sqrt(118.75);
    const r = (x: number) => Math.round(((x - 22.5) / sd) * 1e6) / 1e6;
    expect(scores(await score(leaf('b', { normalize: { method: 'zscore' } })))).toEqual({
      A: r(10),
      B: r(20),
      C: r(20),
      D: r(40),
    });
  });
  it('rank maps to (rank − 1)/(n − 1) with ties sharing the lowest rank', async () => {
    expect(scores(await score(leaf('b', { normalize: { method: 'rank' } })))).toEqual({
      A: 0,
      B: 0.333333,
      C: 0.333333,
      D: 1,
    });
  });
  it('rank counts only the entities that have a value', async () => {
    expect(scores(await score(leaf('c', { normalize: { method: 'rank' } })))).toEqual({ A: 0.5, B: null, C: 0, D: 1 });
  });
  it('none keeps the raw value', async () => {
    expect(scores(await score(leaf('b', { normalize: { method: 'none' } })))).toEqual({ A: 10, B: 20, C: 20, D: 40 });
  });
  it('a constant indicator gives 0.5 under min-max and 0 under z-score', async () => {
    await con.run(`CREATE OR REPLACE TABLE k AS SELECT * FROM (VALUES ('A', 7), ('B', 7)) v(e, x)`);
    expect(scores(await score(leaf('x'), 'k'))).toEqual({ A: 0.5, B: 0.5 });
    expect(scores(await score(leaf('x', { normalize: { method: 'zscore' } }), 'k'))).toEqual({ A: 0, B: 0 });
  });
});

describe('transforms (goalposts transformed the same way)', () => {
  it('log', async () => {
    // (ln 20 − ln 10)/(ln 40 − ln 10) = ln 2 / ln 4 = 0.5
    expect(
      scores(await score(leaf('b', { transform: 'log', normalize: { method: 'minmax', min: 10, max: 40 } }))),
    ).toEqual({ A: 0, B: 0.5, C: 0.5, D: 1 });
  });
  it('log1p', async () => {
    const r = (x: number) =>
      Math.round(((Math.log1p(x) - Math.log1p(1)) / (Math.log1p(5) - Math.log1p(1))) * 1e6) / 1e6;
    expect(scores(await score(leaf('a', { transform: 'log1p' })))).toEqual({ A: 0, B: r(2), C: r(3), D: 1 });
  });
  it('sqrt', async () => {
    expect(
      scores(await score(leaf('a', { transform: 'sqrt', normalize: { method: 'minmax', min: 0, max: 4 } }))),
    ).toEqual({
      A: 0.5,
      B: Math.round((Math.SQRT2 / 2) * 1e6) / 1e6,
      C: Math.round((Math.sqrt(3) / 2) * 1e6) / 1e6,
      D: 1,
    });
  });
  it("a value outside the transform's domain stops with the entity named", async () => {
    await con.run(`CREATE OR REPLACE TABLE z AS SELECT * FROM (VALUES ('A', 3), ('B', 0)) v(e, x)`);
    await expect(score(leaf('x', { transform: 'log' }), 'z')).rejects.toThrow(/column "x".*log.*entity B has 0/);
  });
});

describe('direction', () => {
  it('lower_is_better flips min-max as 1 − x', async () => {
    expect(scores(await score(leaf('a', { direction: 'lower_is_better' })))).toEqual({ A: 1, B: 0.75, C: 0.5, D: 0 });
  });
  it('lower_is_better negates a z-score', async () => {
    const rows = await score(leaf('b', { direction: 'lower_is_better', normalize: { method: 'zscore' } }));
    expect(Number(rows.A.score)).toBeCloseTo(12.5 / Math.sqrt(118.75), 9);
    expect(rows.A.rank).toBe(1);
  });
});

describe('aggregation and weights', () => {
  const two = (aggregate: string, wa = 1, wb = 1) => ({
    tree: {
      id: 'root',
      aggregate,
      children: [
        { id: 'ia', column: 'a', weight: wa },
        { id: 'ib', column: 'b', weight: wb },
      ],
    },
  });
  it('weighted arithmetic mean with relative weights', async () => {
    // B: (3·0.25 + 1·1/3)/4, C: (3·0.5 + 1/3)/4
    expect(scores(await score(two('arithmetic', 3, 1)))).toEqual({ A: 0, B: 0.270833, C: 0.458333, D: 1 });
    expect(scores(await score(two('arithmetic', 0.3, 0.1)))).toEqual({ A: 0, B: 0.270833, C: 0.458333, D: 1 });
  });
  it('weighted geometric mean; a zero child makes the group zero', async () => {
    // B: (0.25^2 · (1/3))^(1/3), C: (0.5^2 · (1/3))^(1/3)
    const g = (x: number) => Math.round(Math.pow(x * x * (1 / 3), 1 / 3) * 1e6) / 1e6;
    expect(scores(await score(two('geometric', 2, 1)))).toEqual({ A: 0, B: g(0.25), C: g(0.5), D: 1 });
  });
  it('a zero-weight child does not zero a geometric group', async () => {
    expect(scores(await score(two('geometric', 0, 1)))).toEqual({ A: 0, B: 0.333333, C: 0.333333, D: 1 });
  });
  it('nested groups at depth 3 and node scores for every node', async () => {
    const rows = await score({
      tree: {
        id: 'root',
        children: [
          {
            id: 'g1',
            aggregate: 'geometric',
            children: [
              { id: 'ia', column: 'a' },
              {
                id: 'g2',
                children: [
                  { id: 'ib', column: 'b' },
                  { id: 'ib2', column: 'b', weight: 3 },
                ],
              },
            ],
          },
          { id: 'ia2', column: 'a', weight: 2 },
        ],
      },
    });
    // C: g2 = 1/3, g1 = sqrt(0.5 · 1/3) = 0.408248, root = (0.408248 + 2·0.5)/3
    expect(Number(rows.C.g2)).toBeCloseTo(1 / 3, 9);
    expect(Number(rows.C.g1)).toBeCloseTo(Math.sqrt(0.5 / 3), 9);
    expect(Number(rows.C.score)).toBeCloseTo((Math.sqrt(0.5 / 3) + 1) / 3, 9);
    expect(Number(rows.C.root)).toBe(Number(rows.C.score));
  });
  it('contributions split the score and sum to it', async () => {
    const rows = await score(two('arithmetic', 3, 1), T, { contributions: true });
    for (const r of Object.values(rows)) {
      expect(Number(r['ia:contribution']) + Number(r['ib:contribution'])).toBeCloseTo(Number(r.score), 12);
    }
    expect(Number(rows.C['ia:contribution'])).toBeCloseTo((3 * 0.5) / 4, 9);
  });
});

describe('missing values', () => {
  const ac = (missing: string) => ({
    missing,
    tree: {
      id: 'root',
      children: [
        { id: 'ia', column: 'a' },
        { id: 'ic', column: 'c' },
      ],
    },
  });
  it('skip leaves the missing child out and renormalises the weights', async () => {
    expect(scores(await score(ac('skip')))).toEqual({ A: 0.1875, B: 0.25, C: 0.25, D: 1 });
  });
  it('zero scores a missing child as 0', async () => {
    expect(scores(await score(ac('zero')))).toEqual({ A: 0.1875, B: 0.125, C: 0.25, D: 1 });
  });
  it('exclude gives no score or rank and leaves the entity out of the statistics', async () => {
    // without B, a ranges 1..5: A 0, C 0.5, D 1
    const rows = await score(ac('exclude'));
    expect(scores(rows)).toEqual({ A: 0.1875, B: null, C: 0.25, D: 1 });
    expect(rows.B.rank).toBeNull();
  });
});

describe('ranks', () => {
  it('ties share the lowest rank: 1, 2, 2, 4', async () => {
    expect(scores(await score(leaf('b')), 'rank')).toEqual({ A: 4, B: 2, C: 2, D: 1 });
  });
  it('panels pool the statistics and rank within each panel', async () => {
    const rows = await score({ entity: 'e', tree: { id: 'root', column: 'x' } }, 'p', { partition: 'period' });
    // x pooled over both panels: 1..5
    expect(scores(rows)).toEqual({ 'now/A': 0, 'now/B': 0.5, 'before/A': 1, 'before/B': 0.25 });
    expect(scores(rows, 'rank')).toEqual({ 'now/A': 2, 'now/B': 1, 'before/A': 1, 'before/B': 2 });
  });
});

describe('spec errors name the JSON path', () => {
  const issues = async (doc: object, relation = T) => {
    try {
      await specForInput(con, doc, relation);
    } catch (e) {
      if (e instanceof SpecError) return e.issues.map((i) => `${i.path}: ${i.message}`).join('\n');
      throw e;
    }
    return 'valid';
  };
  it('unknown column, listing the available ones', async () => {
    expect(await issues({ id: 'x', entity: 'e', tree: { id: 'r', column: 'nope' } })).toMatch(
      /tree\.column: column "nope" is not in the input; available columns: e, a, b, c/,
    );
  });
  it('unknown entity column', async () => {
    expect(await issues({ id: 'x', entity: 'region', tree: { id: 'r', column: 'a' } })).toMatch(
      /^entity: column "region" is not in the input/,
    );
  });
  it('duplicate id', async () => {
    expect(
      await issues({
        id: 'x',
        entity: 'e',
        tree: {
          id: 'r',
          children: [
            { id: 'a1', column: 'a' },
            { id: 'a1', column: 'b' },
          ],
        },
      }),
    ).toMatch(/tree\.children\[1\]\.id: duplicate id "a1"/);
  });
  it('weight below zero', async () => {
    expect(
      await issues({ id: 'x', entity: 'e', tree: { id: 'r', children: [{ id: 'a1', column: 'a', weight: -1 }] } }),
    ).toMatch(/tree\.children\[0\]\.weight: must be zero or more/);
  });
  it('a geometric group over a z-score child, also through an arithmetic group', async () => {
    expect(
      await issues({
        id: 'x',
        entity: 'e',
        tree: {
          id: 'r',
          aggregate: 'geometric',
          children: [{ id: 'g', children: [{ id: 'z', column: 'a', normalize: { method: 'zscore' } }] }],
        },
      }),
    ).toMatch(/tree\.children\[0\]: "g" can be negative .* geometric group "r"/);
  });
  it('log of a non-positive goalpost', async () => {
    expect(
      await issues({
        id: 'x',
        entity: 'e',
        tree: { id: 'r', column: 'a', transform: 'log', normalize: { min: 0, max: 5 } },
      }),
    ).toMatch(/tree\.normalize\.min: goalpost 0 cannot be transformed by log/);
  });
  it('empty group, all-zero weights, a non-numeric column, unknown fields and bad enums', async () => {
    expect(await issues({ id: 'x', entity: 'e', tree: { id: 'r', children: [] } })).toMatch(
      /tree\.children: a group needs at least one child/,
    );
    expect(
      await issues({ id: 'x', entity: 'e', tree: { id: 'r', children: [{ id: 'p', column: 'a', weight: 0 }] } }),
    ).toMatch(/all zero/);
    expect(await issues({ id: 'x', entity: 'e', tree: { id: 'r', column: 'e' } })).toMatch(/column "e" is not numeric/);
    expect(await issues({ id: 'x', entity: 'e', tree: { id: 'r', column: 'a', colour: 1 } })).toMatch(
      /tree\.colour: unknown field/,
    );
    expect(
      await issues({ id: 'x', entity: 'e', tree: { id: 'r', column: 'a', normalize: { method: 'maxmin' } } }),
    ).toMatch(/tree\.normalize\.method: must be one of minmax, zscore, rank, none/);
    expect(await issues({ id: 'x', entity: 'e', missing: 'drop', tree: { id: 'r', column: 'a' } })).toMatch(
      /missing: must be one of skip, zero, exclude/,
    );
    expect(await issues({ id: 'x', entity: 'e', tree: { id: 'score', column: 'a' } })).toMatch(/reserved/);
    expect(
      await issues({
        id: 'x',
        entity: 'e',
        tree: { id: 'r', column: 'a', normalize: { method: 'zscore', min: 0, max: 1 } },
      }),
    ).toMatch(/goalposts .* only to method "minmax"/);
  });
  it('a duplicated entity stops the query', async () => {
    await con.run(`CREATE OR REPLACE TABLE dup AS SELECT * FROM (VALUES ('A', 1), ('A', 2), ('B', 3)) v(e, x)`);
    await expect(score(leaf('x'), 'dup')).rejects.toThrow(
      /column "e" must name each entity once, but A appears more than once/,
    );
  });
});

describe('rank uncertainty', () => {
  beforeAll(async () => {
    // 30 entities; E00 dominates both indicators, the rest trade places depending on the weights.
    await con.run(`CREATE OR REPLACE TABLE u AS SELECT printf('E%02d', i) AS e, CASE WHEN i = 0 THEN 100 ELSE (i * 37) % 29 END AS x,
      CASE WHEN i = 0 THEN 100 ELSE (i * 11) % 31 END AS y FROM range(30) r(i)`);
  });
  const doc = {
    id: 'u',
    entity: 'e',
    tree: {
      id: 'root',
      children: [
        { id: 'ix', column: 'x' },
        { id: 'iy', column: 'y' },
      ],
    },
  };
  it('is deterministic, and certain about a dominant entity', async () => {
    const spec = await specForInput(con, doc, 'u');
    const a = await rankUncertainty(con, spec, { relation: 'u' }, { draws: 1000, topK: 3 });
    const b = await rankUncertainty(con, spec, { relation: 'u' }, { draws: 1000, topK: 3 });
    expect(a.rows).toEqual(b.rows);
    expect(a.variants).toEqual(['as-specified', 'rank', 'zscore']); // min-max on observed ranges is the spec itself
    const top = a.rows.find((r) => r.entity === 'E00')!;
    expect(top).toMatchObject({ median_rank: 1, rank_p05: 1, rank_p95: 1, p_top_k: 1, draws: 1000 });
    // the others move: some interval is wider than 3 places
    expect(a.rows.some((r) => r.rank_p95 - r.rank_p05 > 3)).toBe(true);
    for (const r of a.rows) expect(r.rank_p05).toBeLessThanOrEqual(r.median_rank);
  });
  it('with one leaf per group and no alternatives, weights cannot move ranks', async () => {
    const spec = await specForInput(con, { id: 'u', entity: 'e', tree: { id: 'root', column: 'x' } }, 'u');
    const a = await rankUncertainty(con, spec, { relation: 'u' }, { draws: 200, alternatives: [] });
    const point = await scoreComposite(con, spec, { relation: 'u' });
    for (const r of a.rows) {
      const p = point.find((x) => x.entity === r.entity)!;
      expect([r.rank_p05, r.median_rank, r.rank_p95]).toEqual([p.rank, p.rank, p.rank]);
    }
  });
  it('entities with equal values share their rank in every draw, and count as many places as they are', async () => {
    // 5 entities tie at the top (equal x and y), 4 tie at zero, 3 stand alone; NULLs tie too; X1 has no score at all
    await con.run(`CREATE OR REPLACE TABLE t AS SELECT * FROM (VALUES ('T1', 9, 9), ('T2', 9, 9), ('T3', 9, 9), ('T4', 9, 9), ('T5', 9, 9),
      ('A', 8, 1), ('B', 1, 8), ('C', 5, 5), ('Z1', 0, 0), ('Z2', 0, 0), ('Z3', 0, 0), ('Z4', 0, 0), ('N1', NULL, 3), ('N2', NULL, 3), ('X1', NULL, NULL)) v(e, x, y)`);
    const spec = await specForInput(con, doc, 't');
    const r = new Map(
      (await rankUncertainty(con, spec, { relation: 't' }, { draws: 400, topK: 5 })).rows.map((x) => [x.entity, x]),
    );
    for (const e of ['T1', 'T2', 'T3', 'T4', 'T5'])
      expect(r.get(e)).toMatchObject({ median_rank: 1, rank_p05: 1, rank_p95: 1, p_top_k: 1, draws: 400 });
    // the five tied leaders take five places: the next entity is sixth at best
    for (const e of ['A', 'B', 'C', 'N1', 'N2']) expect(r.get(e)!.rank_p05).toBeGreaterThanOrEqual(6);
    expect(r.get('N1')).toEqual({ ...r.get('N2'), entity: 'N1' });
    for (const e of ['Z1', 'Z2', 'Z3', 'Z4'])
      expect(r.get(e)).toMatchObject({ median_rank: 11, rank_p05: 11, rank_p95: 11, p_top_k: 0 });
    // an entity with no score has no rank distribution and takes no place from the others
    expect(r.has('X1')).toBe(false);
    expect(r.size).toBe(14);
  });
  it('a large tie group in the middle counts as many places as it has members, ahead of some and behind others', async () => {
    // the six M tie (the largest group, ranked as one row) between two tied leaders and a single last entity
    await con.run(`CREATE OR REPLACE TABLE mid AS SELECT * FROM (VALUES ('H1', 9, 9), ('H2', 9, 9), ('M1', 4, 4), ('M2', 4, 4), ('M3', 4, 4),
      ('M4', 4, 4), ('M5', 4, 4), ('M6', 4, 4), ('L', 0, 0)) v(e, x, y)`);
    const spec = await specForInput(con, { ...doc, id: 'mid' }, 'mid');
    const r = new Map(
      (await rankUncertainty(con, spec, { relation: 'mid' }, { draws: 200, topK: 2 })).rows.map((x) => [x.entity, x]),
    );
    for (const e of ['H1', 'H2'])
      expect(r.get(e)).toMatchObject({ median_rank: 1, rank_p05: 1, rank_p95: 1, p_top_k: 1 });
    for (const e of ['M1', 'M6'])
      expect(r.get(e)).toMatchObject({ median_rank: 3, rank_p05: 3, rank_p95: 3, p_top_k: 0 });
    expect(r.get('L')).toMatchObject({ median_rank: 9, rank_p05: 9, rank_p95: 9 });
  });
  // The timed figure belongs to the benchmark (bench/indicators.ts); here only a guard against a blow-up, as tests share
  // two cores with everything else.
  it('scores 594 entities under 1,000 draws', async () => {
    await con.run(
      `CREATE OR REPLACE TABLE big AS SELECT 'C' || i AS e, hash(i) % 1000 AS x, hash(i * 7) % 977 AS y, hash(i * 13) % 89 AS z FROM range(594) r(i)`,
    );
    const spec = await specForInput(
      con,
      {
        id: 'b',
        entity: 'e',
        tree: {
          id: 'root',
          children: [
            {
              id: 'g',
              aggregate: 'geometric',
              children: [
                { id: 'ix', column: 'x', transform: 'log1p' },
                { id: 'iy', column: 'y' },
              ],
            },
            { id: 'iz', column: 'z' },
          ],
        },
      },
      'big',
    );
    await rankUncertainty(con, spec, { relation: 'big' }, { draws: 100 });
    const t0 = performance.now();
    const r = await rankUncertainty(con, spec, { relation: 'big' }, { draws: 1000 });
    const ms = performance.now() - t0;
    expect(r.rows).toHaveLength(594);
    expect(ms).toBeLessThan(5000);
  });
});
