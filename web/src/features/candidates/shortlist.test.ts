import { describe, expect, it } from 'vitest';
import { alternativeLink, shareSpan } from './shortlist.svelte.ts';

describe('the robust shortlist section', () => {
  it('links each alternative view to the page and parameters that show it', () => {
    expect(alternativeLink({ kind: 'sector_level', value: null, shortlist: [] })).toEqual({
      path: '/rankings',
      patch: { level: 'sector', index: 'breakthrough-opportunity' },
    });
    expect(alternativeLink({ kind: 'window', value: '2024-11', shortlist: [] })).toEqual({
      path: '/candidates',
      patch: { from: '2024-11' },
    });
    expect(alternativeLink({ kind: 'sector', value: 'DEX05', shortlist: [] })).toEqual({
      path: '/candidates',
      patch: { sectors: 'DEX05' },
    });
  });

  it('gives the span of P(top k) of a tie group, lowest first', () => {
    expect(shareSpan([{ p_top_k: 0.58 }, { p_top_k: 0.32 }, { p_top_k: 0.45 }])).toEqual([0.32, 0.58]);
  });
});
