import { describe, expect, it } from 'vitest';
import { commonScore, resolveIndex } from './ranking.ts';

describe('a ranking in which everyone ties', () => {
  it('gives the common score when two or more scored rows share it, else null', () => {
    expect(commonScore([{ score: 0.5 }, { score: 0.5 }, { score: null }])).toBe(0.5);
    expect(commonScore([{ score: 0.5 }, { score: 0.5 + 1e-15 }])).toBe(0.5);
    expect(commonScore([{ score: 0.5 }, { score: 0.4 }])).toBeNull();
    // a ranking of one entity is still its rank
    expect(commonScore([{ score: 0.5 }, { score: null }])).toBeNull();
    expect(commonScore([])).toBeNull();
  });
});

describe('the index a link asks for', () => {
  it('resolveIndex waits for the list, keeps a known index and falls back, naming it, from an unknown one', () => {
    const list = [{ id: 'data-abundance' }, { id: 'market-demand' }];
    expect(resolveIndex(null, undefined, 'data-abundance')).toEqual({ index: 'data-abundance', unknown: null });
    expect(resolveIndex('market-demand', undefined, 'data-abundance')).toEqual({ index: undefined, unknown: null });
    expect(resolveIndex('market-demand', list, 'data-abundance')).toEqual({ index: 'market-demand', unknown: null });
    expect(resolveIndex('bogus', list, 'data-abundance')).toEqual({ index: 'data-abundance', unknown: 'bogus' });
    expect(resolveIndex('bogus', list, null)).toEqual({ index: null, unknown: 'bogus' });
  });
});
