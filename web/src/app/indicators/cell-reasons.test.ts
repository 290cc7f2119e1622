import { describe, expect, it } from 'vitest';
import type { LeafStanding } from '../../../../contract/indicators.ts';
import { distinctiveStandings, leafValue, ordinal, reasonsLine, standingText } from './cell-reasons.ts';

const leaf = (over: Partial<LeafStanding>): LeafStanding => ({
  node: 'momentum',
  indicator: 'demand_growth',
  title: { zh: '需求增长', en: 'Demand growth' },
  value: 1.91,
  rank: 3,
  of: 594,
  percentile: 0.997,
  sector_median: 0.12,
  sector_ratio: null,
  sector_z: 2.4,
  ...over,
});

describe('a candidate reason in words', () => {
  it('says the value as its indicator is written, and the national rank, in both languages', () => {
    expect(standingText(leaf({}), 'zh-CN')).toBe('需求增长 +191%，全国第 3');
    expect(standingText(leaf({}), 'en')).toBe('Demand growth +191%, 3rd nationally');
  });

  it('adds the multiple of the sector median, or the median where no multiple is meaningful', () => {
    const calls = leaf({
      node: 'calls',
      indicator: 'calls',
      title: { zh: '调用次数', en: 'Calls' },
      value: 41_000_000,
      rank: 1,
      sector_median: 2_000_000,
      sector_ratio: 20.5,
    });
    expect(standingText(calls, 'en', true)).toBe('Calls 41M, 1st nationally, 21× the sector median');
    expect(standingText(calls, 'zh-CN', true)).toBe('调用次数 4100万，全国第 1，为行业中位数的 21 倍');
    expect(standingText(leaf({}), 'en', true)).toBe('Demand growth +191%, 3rd nationally (sector median +12%)');
  });

  it('writes amounts in CNY and ordinals the English way', () => {
    expect(leafValue({ indicator: 'paid_amount_cny', value: 1_500_000 }, 'en')).toBe('¥1.5M');
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '101st',
      '111th',
    ]);
  });

  it('lists the distinctive leaves in their order, and the line differs where the data differ', () => {
    const a = {
      distinctive: ['unlockable', 'momentum'],
      standing: [leaf({}), leaf({ node: 'unlockable', indicator: 'unlockable_resources', value: 167, rank: 2 })],
    };
    expect(distinctiveStandings(a).map((s) => s.node)).toEqual(['unlockable', 'momentum']);
    const b = { ...a, standing: [leaf({ value: 0.4, rank: 40 }), a.standing[1]] };
    expect(reasonsLine(a, 'en')).not.toBe(reasonsLine(b, 'en'));
  });
});
