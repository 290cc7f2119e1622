import { describe, expect, it } from 'vitest';
import type { IndicatorCatalog, Methodology } from '../../../../contract/indicators.ts';
import { glossaryEntries, search, termText, type GlossaryWords } from './model.ts';
import { TERMS } from './terms.ts';

const words: GlossaryWords = {
  sum: 'sum',
  ratio_of_sums: 'ratio of sums',
  distinct_count: 'distinct',
  lowerIsBetter: 'lower is better',
  parts: (l) => `parts: ${l}`,
  side: (s) => `side ${s}`,
};
const catalog: IndicatorCatalog = {
  source: 'queries/indicators/inputs.sql',
  levels: ['region'],
  indicators: [
    {
      id: 'calls',
      side: 'demand',
      name: { zh: '调用次数', en: 'Calls' },
      unit: { zh: '次', en: 'calls' },
      definition: { zh: '窗口内产品调用次数之和', en: 'Sum of calls in the window' },
      aggregation: 'sum',
      higherIsBetter: true,
      flow: true,
    },
    {
      id: 'late_filing_share',
      side: 'supply',
      name: { zh: '逾期备案占比', en: 'Late filing share' },
      unit: { zh: '比例', en: 'share' },
      definition: { zh: '逾期备案的资源占比', en: 'Share of resources filed late' },
      aggregation: 'ratio_of_sums',
      higherIsBetter: false,
      flow: false,
    },
  ],
};
const methodologies: Methodology[] = [
  {
    id: 'market-demand',
    title: { zh: '市场需求指数', en: 'Market Demand Index' },
    description: { zh: '需求侧', en: 'Demand side' },
    nodes: [
      { id: 'mdi', parent: null, kind: 'group', weight: 1 },
      { id: 'calls', parent: 'mdi', kind: 'leaf', weight: 1, title: { zh: '调用次数', en: 'Calls' }, column: 'calls' },
      { id: 'paid', parent: 'mdi', kind: 'leaf', weight: 1, title: { zh: '付费金额' }, column: 'paid_amount_cny' },
    ],
  },
];
const measures = [
  { id: 'users', name: 'Distinct users', definition: 'Distinct user organisations', unit: 'organisations' },
];

describe('glossary entries', () => {
  const en = glossaryEntries('en', words, measures, catalog, methodologies);

  it('hold every measure, indicator, index and term once, in that order', () => {
    expect(en.map((e) => e.section)).toEqual([
      'measures',
      'indicators',
      'indicators',
      'indices',
      ...TERMS.map(() => 'terms'),
    ]);
    expect(new Set(en.map((e) => e.anchor)).size).toBe(en.length);
  });

  it("say how an indicator combines and when lower is better, and list an index's parts in the page's language", () => {
    expect(en.find((e) => e.id === 'late_filing_share')?.notes).toEqual([
      'side supply',
      'ratio of sums',
      'lower is better',
    ]);
    expect(en.find((e) => e.id === 'market-demand')?.notes).toEqual(['parts: Calls, 付费金额']);
    const zh = glossaryEntries('zh-CN', words, measures, catalog, methodologies);
    expect(zh.find((e) => e.id === 'market-demand')?.notes).toEqual(['parts: 调用次数、付费金额']);
    expect(zh.find((e) => e.id === 'calls' && e.section === 'indicators')?.name).toBe('调用次数');
  });

  it('can be searched by any word of id, name, unit or definition', () => {
    expect(search(en, 'RATIO sums').map((e) => e.id)).toEqual(['late_filing_share']);
    expect(search(en, 'calls window').map((e) => e.id)).toEqual(['calls']);
    expect(search(en, '  ')).toHaveLength(en.length);
    expect(search(en, 'nothing-like-this')).toEqual([]);
  });

  it('give every term a definition in both languages', () => {
    for (const t of TERMS) {
      expect(termText(t.id, 'zh-CN')).toMatch(/\p{Script=Han}/u);
      expect(termText(t.id, 'en').length).toBeGreaterThan(20);
    }
    expect(termText('no-such-term', 'en')).toBe('');
  });
});
