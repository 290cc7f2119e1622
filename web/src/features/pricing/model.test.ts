import { describe, expect, it } from 'vitest';
import type { DisclosureRow, DistributionRow, PriceRow, RevenueRow } from '../../../../contract/pricing.ts';
import { boxesOf, choicesOf, evidenceParam, groupDisclosure, revenueWatch, totals, wantsLog } from './model.ts';

const params = (q: string) => {
  const u = new URLSearchParams(q);
  return (k: string) => u.get(k);
};

describe('the pricing page', () => {
  it('reads its choices from the URL and ignores what it does not know', () => {
    const c = choicesOf(params('tab=worklist&region=320000&level=operator&basis=PER_TIME&rule=NO_CAP&year=2025'));
    expect(c).toMatchObject({
      tab: 'worklist',
      region: '320000',
      level: 'operator',
      basis: 'PER_TIME',
      rule: 'NO_CAP',
    });
    expect(choicesOf(params('tab=x&level=y&basis=z&rule=w&region=1&evidence=NOPE~A'))).toMatchObject({
      tab: 'prices',
      level: 'product',
      basis: 'PER_CALL',
      rule: null,
      region: null,
      evidence: null,
    });
  });

  it('carries a worklist row in the URL and reads it back', () => {
    const p = evidenceParam({ rule: 'PRICE_ABOVE_CAP', auth_id: 'AUTH-1', product_id: 'DP-2' });
    expect(choicesOf(params(`evidence=${encodeURIComponent(p)}`)).evidence).toEqual({
      rule: 'PRICE_ABOVE_CAP',
      auth_id: 'AUTH-1',
      product_id: 'DP-2',
    });
    const a = evidenceParam({ rule: 'REVENUE_ABOVE_MAX', auth_id: 'AUTH-1', product_id: null });
    expect(choicesOf(params(`evidence=${a}`)).evidence).toEqual({
      rule: 'REVENUE_ABOVE_MAX',
      auth_id: 'AUTH-1',
      product_id: null,
    });
    expect(choicesOf(params('evidence=NO_CAP~a%20b')).evidence).toBeNull();
  });

  it('sums the headline figures and puts the largest excess first', () => {
    const regions = [
      { products_above_cap: 2, products_without_cap: 1, free_purpose_amount_cny: 10.005, free_purpose_rows: 3 },
      { products_above_cap: 1, products_without_cap: 0, free_purpose_amount_cny: 5, free_purpose_rows: 1 },
    ] as PriceRow[];
    const rev = [
      { auth_id: 'A', excess_cny: 0, max_allowed_revenue_cny: 10, revenue_to_max: 0.5, trial_past_first_year: false },
      { auth_id: 'B', excess_cny: 7, max_allowed_revenue_cny: 10, revenue_to_max: 1.7, trial_past_first_year: false },
      {
        auth_id: 'C',
        excess_cny: null,
        max_allowed_revenue_cny: null,
        revenue_to_max: null,
        trial_past_first_year: true,
      },
      {
        auth_id: 'D',
        excess_cny: null,
        max_allowed_revenue_cny: null,
        revenue_to_max: null,
        trial_past_first_year: false,
      },
    ] as RevenueRow[];
    expect(totals(regions, rev)).toEqual({
      aboveCap: 3,
      withoutCap: 1,
      refund: 15.01,
      freeRows: 4,
      excess: 7,
      overMax: 1,
      trialPastYear: 1,
    });
    expect(revenueWatch(rev).map((r) => r.auth_id)).toEqual(['B', 'A', 'C']);
  });

  it('builds one box per sector and measure of a charge basis, leaving gaps empty', () => {
    const row = (sector_code: string, measure: 'cap' | 'effective', min: number, max: number) =>
      ({
        sector_code,
        charge_basis: 'PER_CALL',
        measure,
        n: 3,
        min,
        q1: min,
        median: min,
        q3: max,
        max,
      }) as DistributionRow;
    const rows = [row('DEX01', 'cap', 1, 2), row('DEX01', 'effective', 0.5, 1.5), row('DEX02', 'cap', 0.01, 9)];
    const b = boxesOf([...rows, { ...rows[0], charge_basis: 'PER_TIME' }], 'PER_CALL');
    expect(b.sectors).toEqual(['DEX01', 'DEX02']);
    expect(b.effective[1]).toBeNull();
    expect(b.cap[1]).toMatchObject({ min: 0.01, max: 9, n: 3 });
    expect(wantsLog(b.cap)).toBe(true);
    expect(wantsLog(b.effective)).toBe(false);
  });

  it('groups the disclosure by agency, operator and agreement', () => {
    const r = (o: Partial<DisclosureRow>) =>
      ({
        region_code: '330000',
        implementing_agency_org_id: 'IA',
        operator_org_id: 'OP1',
        auth_id: 'A1',
        ...o,
      }) as DisclosureRow;
    const g = groupDisclosure([
      r({ item: 'resource', item_id: 'R1' }),
      r({ item: 'product', item_id: 'P1' }),
      r({ auth_id: 'A2', item: null, item_id: null }),
      r({ operator_org_id: 'OP2', auth_id: 'A3', item: 'resource', item_id: 'R2' }),
    ]);
    expect(g).toHaveLength(1);
    expect(
      g[0].operators.map((o) => o.agreements.map((a) => [a.first.auth_id, a.resources.length, a.products.length])),
    ).toEqual([
      [
        ['A1', 1, 1],
        ['A2', 0, 0],
      ],
      [['A3', 1, 0]],
    ]);
  });
});
