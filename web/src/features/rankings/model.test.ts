import { describe, expect, it } from 'vitest';
import type { NodeInfo, Ranking } from '../../../../contract/indicators.ts';
import {
  boardRanking,
  isShipped,
  comparedWithPrevious,
  shownRanking,
  editedSpec,
  formatWeights,
  interpretUpload,
  nodesOfSpec,
  parseWeights,
  rankMove,
  rowsFromComposite,
  siblingShare,
} from './model.ts';

const title = (s: string) => ({ zh: s, en: s });
const NODES: NodeInfo[] = [
  { id: 'mdi', parent: null, kind: 'group', title: title('mdi'), weight: 1 },
  { id: 'calls', parent: 'mdi', kind: 'leaf', title: title('calls'), weight: 1, column: 'calls' },
  { id: 'paid', parent: 'mdi', kind: 'leaf', title: title('paid'), weight: 1, column: 'paid_amount_cny' },
  { id: 'growth', parent: 'mdi', kind: 'leaf', title: title('growth'), weight: 2, column: 'demand_growth' },
];
const SPEC = {
  id: 'market-demand',
  entity: 'entity',
  tree: {
    id: 'mdi',
    weight: 1,
    aggregate: 'arithmetic',
    children: [
      { id: 'calls', weight: 1, column: 'calls', transform: 'log1p', normalize: { method: 'minmax' } },
      { id: 'paid', weight: 1, column: 'paid_amount_cny', transform: 'log1p', normalize: { method: 'minmax' } },
      {
        id: 'growth',
        weight: 2,
        column: 'demand_growth',
        transform: 'none',
        normalize: { method: 'minmax', min: -0.5, max: 1 },
      },
    ],
  },
};

describe('weights in the URL', () => {
  it('parses pairs and drops malformed or negative ones', () => {
    expect(parseWeights('calls:0.5,paid:2')).toEqual({ calls: 0.5, paid: 2 });
    expect(parseWeights('calls:x,:3,paid:-1,growth:0')).toEqual({ growth: 0 });
    expect(parseWeights(null)).toEqual({});
  });
  it('writes only weights that differ from the spec, in node order, rounded to the slider step', () => {
    expect(formatWeights({ growth: 0.333333, calls: 1, paid: 0 }, NODES)).toBe('paid:0,growth:0.33');
    expect(formatWeights({ calls: 1, growth: 2 }, NODES)).toBeNull();
    // The root's weight means nothing (no siblings) and never travels.
    expect(formatWeights({ mdi: 3 }, NODES)).toBeNull();
  });
  it('shares are relative among siblings', () => {
    expect(siblingShare(NODES[3], NODES, {})).toBeCloseTo(0.5);
    expect(siblingShare(NODES[1], NODES, { growth: 0, paid: 0 })).toBe(1);
    expect(siblingShare(NODES[1], NODES, { calls: 0, paid: 0, growth: 0 })).toBeNull();
  });
});

describe('the methodology file', () => {
  it('applies weights and a normalisation to every leaf as the server does', () => {
    const doc = editedSpec(SPEC, { paid: 3 }, 'rank') as typeof SPEC;
    expect(doc.tree.children.map((c) => c.weight)).toEqual([1, 3, 2]);
    expect(doc.tree.children.map((c) => c.normalize)).toEqual([
      { method: 'rank' },
      { method: 'rank' },
      { method: 'rank' },
    ]);
    expect(doc.tree.children[0].transform).toBe('log1p');
    // The original is untouched, and "spec" keeps each leaf's own normalisation with its goalposts.
    expect(SPEC.tree.children[1].weight).toBe(1);
    expect((editedSpec(SPEC, {}, 'spec') as typeof SPEC).tree.children[2].normalize).toEqual({
      method: 'minmax',
      min: -0.5,
      max: 1,
    });
  });

  it('reads a downloaded file back as the same edits', () => {
    const shipped = { 'market-demand': SPEC };
    expect(interpretUpload(editedSpec(SPEC, { paid: 3 }, 'rank'), shipped)).toEqual({
      kind: 'edits',
      index: 'market-demand',
      weights: { paid: 3 },
      norm: 'rank',
    });
    expect(interpretUpload({ spec: editedSpec(SPEC, { calls: 0 }, 'spec') }, shipped)).toEqual({
      kind: 'edits',
      index: 'market-demand',
      weights: { calls: 0 },
      norm: 'spec',
    });
  });

  it('treats a changed structure, transform or mixed normalisation as a methodology of its own', () => {
    const shipped = { 'market-demand': SPEC };
    const dropped = { ...SPEC, tree: { ...SPEC.tree, children: SPEC.tree.children.slice(0, 2) } };
    expect(interpretUpload(dropped, shipped).kind).toBe('custom');
    const transformed = structuredClone(SPEC);
    transformed.tree.children[0].transform = 'none';
    expect(interpretUpload(transformed, shipped).kind).toBe('custom');
    const mixed = structuredClone(SPEC);
    mixed.tree.children[0].normalize = { method: 'zscore' };
    expect(interpretUpload(mixed, shipped).kind).toBe('custom');
    const own = interpretUpload(
      {
        id: 'calls-only',
        title: { zh: '调用', en: 'Calls only' },
        entity: 'entity',
        tree: { id: 'c', column: 'calls' },
      },
      shipped,
    );
    expect(own).toMatchObject({ kind: 'custom', title: 'Calls only' });
  });

  it('refuses what is not a spec, saying why', () => {
    expect(() => interpretUpload([1, 2], {})).toThrow('not a JSON object');
    expect(() => interpretUpload({ id: 'x' }, {})).toThrow('no "tree"');
  });
});

describe('a custom methodology scored by /api/composite', () => {
  it('lists its nodes and turns composite rows into leaderboard rows', () => {
    const spec = {
      id: 'two',
      tree: {
        id: 'r',
        title: { zh: '根', en: 'Root' },
        children: [
          { id: 'a', column: 'calls' },
          { id: 'b', weight: 2, column: 'paid_amount_cny' },
        ],
      },
    };
    const nodes = nodesOfSpec(spec);
    expect(nodes.map((n) => [n.id, n.parent, n.kind, n.weight])).toEqual([
      ['r', null, 'group', 1],
      ['a', 'r', 'leaf', 1],
      ['b', 'r', 'leaf', 2],
    ]);
    const rows = rowsFromComposite(
      [
        {
          entity: '330000:DEX05',
          score: 0.9,
          rank: 1,
          r: 0.9,
          a: 0.6,
          b: 1,
          'a:contribution': 0.2,
          'b:contribution': 0.7,
        },
        { entity: 'DEX01', score: '', rank: '', r: null, a: null, b: null },
      ],
      nodes,
      (e) => ({ zh: e, en: e }),
    );
    expect(rows[0]).toMatchObject({
      region_code: '330000',
      sector_code: 'DEX05',
      score: 0.9,
      rank: 1,
      contributions: { a: 0.2, b: 0.7, r: null },
    });
    expect(rows[1]).toMatchObject({ region_code: null, sector_code: 'DEX01', score: null, rank: null });
  });
});

describe('rank change arrows', () => {
  it('shows up, down, same and unknown', () => {
    expect(rankMove(3)).toEqual({ arrow: '▲', cls: 'up', by: 3 });
    expect(rankMove(-2)).toEqual({ arrow: '▼', cls: 'down', by: 2 });
    expect(rankMove(0)).toEqual({ arrow: '=', cls: 'same', by: 0 });
    expect(rankMove(null).arrow).toBe('');
  });
});

describe('comparison with the previous window', () => {
  const prev = (comparison: 'compared' | 'no_data' | 'partial_flows') =>
    ({
      previous_period: { from: '2025-01-01', to: '2025-06-01', months: 6, months_with_data: 3, comparison, flows: [] },
    }) as unknown as Ranking;
  it('follows the server: only a compared window has previous ranks; an uploaded spec has no window at all', () => {
    expect(comparedWithPrevious(prev('compared'))).toBe(true);
    expect(comparedWithPrevious(prev('partial_flows'))).toBe(false);
    expect(comparedWithPrevious(prev('no_data'))).toBe(false);
    expect(comparedWithPrevious({ previous_period: null } as unknown as Ranking)).toBe(true);
  });
});

describe('a ranking shown before its draws', () => {
  const full = { id: 'full' };
  const alone = { id: 'alone' };
  it('shows the full answer once it has come, whatever the draws=0 request did', () => {
    expect(shownRanking({ state: 'ready', data: full }, { state: 'ready', data: alone })).toEqual({
      data: full,
      pending: false,
    });
    expect(shownRanking({ state: 'ready', data: full }, { state: 'loading', data: undefined })).toEqual({
      data: full,
      pending: false,
    });
    expect(shownRanking({ state: 'ready', data: full }, { state: 'error', data: undefined })).toEqual({
      data: full,
      pending: false,
    });
  });
  it('shows the ranking without draws while the full answer is on its way, marked pending', () => {
    expect(shownRanking({ state: 'loading', data: undefined }, { state: 'ready', data: alone })).toEqual({
      data: alone,
      pending: true,
    });
    // a new query: the last full answer is stale, the new ranking alone is current
    expect(shownRanking({ state: 'loading', data: full }, { state: 'ready', data: alone })).toEqual({
      data: alone,
      pending: true,
    });
  });
  it('keeps the last full answer (stale) until either request for the new query answers', () => {
    expect(shownRanking({ state: 'loading', data: full }, { state: 'loading', data: alone })).toEqual({
      data: full,
      pending: false,
    });
    expect(shownRanking({ state: 'loading', data: undefined }, { state: 'error', data: undefined })).toEqual({
      data: undefined,
      pending: false,
    });
  });
  it('keeps the leaderboard on the last full answer, dimmed, and shows the ranking alone there only on a first view', () => {
    expect(boardRanking({ state: 'loading', data: full }, { state: 'ready', data: alone })).toEqual({
      data: full,
      pending: false,
      stale: true,
    });
    expect(boardRanking({ state: 'ready', data: full }, { state: 'ready', data: alone })).toEqual({
      data: full,
      pending: false,
      stale: false,
    });
    expect(boardRanking({ state: 'loading', data: undefined }, { state: 'ready', data: alone })).toEqual({
      data: alone,
      pending: true,
      stale: false,
    });
    expect(boardRanking({ state: 'loading', data: undefined }, { state: 'loading', data: undefined })).toEqual({
      data: undefined,
      pending: false,
      stale: false,
    });
  });
  it('tells a shipped index from an uploaded methodology by its period', () => {
    const base: Omit<Ranking, 'period'> = {
      index: { id: 'x', title: { zh: 'x', en: 'x' } },
      level: 'region',
      previous_period: null,
      normalization: 'as-specified',
      nodes: [],
      uncertainty: null,
      rows: [],
    };
    expect(isShipped({ ...base, period: null })).toBe(false);
    expect(
      isShipped({ ...base, period: { from: '2025-11-01', to: '2026-10-01', months: 12, months_with_data: 12 } }),
    ).toBe(true);
  });
});
