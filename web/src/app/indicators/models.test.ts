import { describe, expect, it } from 'vitest';
import type { Model } from '../../../../contract/indicators.ts';
import type { ModelAdopter } from '../../../../contract/indicators.ts';
import { distanceParts, modelKey, modelsToCopy, provinceStatus } from './models.ts';

const name = (s: string) => ({ zh: s, en: s });
const province = (code: string, succeeded: boolean) => ({
  region_code: code,
  name: name(code),
  succeeded,
  months_with_usage: 12,
  trend: 0.1,
  trailing_calls: 100,
  paying_users: 3,
  users: 4,
  paid_amount_cny: 10,
});
const MODEL: Model = {
  scenario_name: '普惠金融信贷风控',
  sector_code: 'DEX05',
  sector_name: name('DEX05'),
  auth_mode: 'SCENARIO',
  product_form: 'MODEL_SCORE',
  charge_basis: 'PER_CALL',
  succeeding_provinces: 2,
  success_regions: ['320000', '330000'],
  all_regions: ['320000', '330000', '350000'],
  provinces: [province('330000', true), province('320000', true), province('350000', false)],
  trailing_calls: 300,
  paying_users: 9,
  replicated_authorizations: 0,
  targets: [
    {
      region_code: '340000',
      name: name('340000'),
      similarity: 0.8,
      distance: 0.5,
      contributions: [
        { node: 'a', indicator: 'a', value: 1, reference_value: 1, share: 0.6 },
        { node: 'b', indicator: 'b', value: 1, reference_value: 1, share: 0.4 },
      ],
    },
  ],
};

describe('replicable models', () => {
  it('are keyed by scenario and how they run', () => {
    expect(modelKey(MODEL)).toBe('普惠金融信贷风控|DEX05|SCENARIO|MODEL_SCORE|PER_CALL');
    expect(modelKey({ ...MODEL, sector_code: null })).toBe('普惠金融信贷风控||SCENARIO|MODEL_SCORE|PER_CALL');
  });
  it('mark where they work, where they run without success yet, and where they could go next', () => {
    expect(provinceStatus(MODEL)).toEqual({
      '330000': 'works',
      '320000': 'works',
      '350000': 'tried',
      '340000': 'target',
    });
  });
  it('split a target distance by indicator, so shorter bars mean closer matches', () => {
    const parts = distanceParts(MODEL.targets[0], ['a', 'b', 'c']);
    expect(parts[0]).toBeCloseTo(0.3);
    expect(parts[1]).toBeCloseTo(0.2);
    expect(parts[2]).toBeNull();
  });
});

describe('modelsToCopy', () => {
  const adopter = (standing: ModelAdopter['standing'], rank: number | null, similarity: number | null) => ({
    region_code: '510000',
    standing,
    rank,
    of: 27,
    similarity,
    closest: [],
    furthest: [],
  });
  it('puts the models the region is a candidate for first, best rank first, then running, succeeded, not comparable', () => {
    const models = [
      { ...MODEL, scenario_name: 'succeeded', adopter: adopter('succeeded', null, null) },
      { ...MODEL, scenario_name: 'eighth', adopter: adopter('candidate', 8, 0.86) },
      { ...MODEL, scenario_name: 'none', adopter: adopter('not_comparable', null, null) },
      { ...MODEL, scenario_name: 'second-less-alike', adopter: adopter('candidate', 2, 0.5) },
      { ...MODEL, scenario_name: 'running', adopter: adopter('running', null, null) },
      { ...MODEL, scenario_name: 'second', adopter: adopter('candidate', 2, 0.7) },
      { ...MODEL, scenario_name: 'no adopter asked' },
    ];
    expect(modelsToCopy(models).map((m) => m.scenario_name)).toEqual([
      'second',
      'second-less-alike',
      'eighth',
      'running',
      'succeeded',
      'none',
    ]);
  });
});
