import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../../../contract/indicators.ts';
import { flatSides, leafReasons } from './model.ts';

const t = (s: string) => ({ zh: s, en: s });

describe('candidate reasons', () => {
  it('are the leaf indicators that add to the score, largest share first', () => {
    const c = {
      reasons: [
        { node: 'demand', title: t('Demand'), kind: 'group', score: 0.9, contribution: 0.3, share: 0.4 },
        { node: 'calls', title: t('Calls'), kind: 'leaf', score: 1, contribution: 0.1, share: 0.12 },
        { node: 'growth', title: t('Growth'), kind: 'leaf', score: 0.9, contribution: 0.2, share: 0.25 },
        { node: 'paid', title: t('Paid'), kind: 'leaf', score: 0, contribution: 0, share: 0 },
      ],
    } as unknown as Candidate;
    expect(leafReasons(c).map((r) => r.node)).toEqual(['growth', 'calls']);
  });

  it('flatSides names the sides on which every cell scores the same, and only those', () => {
    // demand flat (a sector without usage: every cell at the midpoint), abundance varying
    expect(
      flatSides([
        { demand: 0.5, abundance: 0.2 },
        { demand: 0.5, abundance: 0.7 },
        { demand: null, abundance: 0.4 },
      ]),
    ).toEqual(['demand']);
    expect(
      flatSides([
        { demand: 0.1, abundance: 0.3 },
        { demand: 0.6, abundance: 0.3 },
      ]),
    ).toEqual(['abundance']);
    expect(
      flatSides([
        { demand: 0.1, abundance: 0.3 },
        { demand: 0.6, abundance: 0.4 },
      ]),
    ).toEqual([]);
    // one cell ranks against nothing: nothing to call flat
    expect(flatSides([{ demand: 0.5, abundance: 0.5 }])).toEqual([]);
  });
});
